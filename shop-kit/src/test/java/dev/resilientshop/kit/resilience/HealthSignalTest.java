package dev.resilientshop.kit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.retry.StatusCarrier;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class HealthSignalTest {

    static final class Failed extends RuntimeException implements StatusCarrier {
        private final int status;

        Failed(int status) {
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }
    }

    @Test
    void aFourHundredIsTheCallersFaultButRequestTimeoutAndTooManyRequestsAreNot() {
        assertThat(HealthSignal.isCallersFault(400)).isTrue();
        assertThat(HealthSignal.isCallersFault(404)).isTrue();
        assertThat(HealthSignal.isCallersFault(422)).isTrue();
        assertThat(HealthSignal.isCallersFault(408)).isFalse();
        assertThat(HealthSignal.isCallersFault(429)).isFalse();
        assertThat(HealthSignal.isCallersFault(503)).isFalse();
        assertThat(HealthSignal.isCallersFault(0)).isFalse();
    }

    @Test
    void noAnswerRequestTimeoutTooManyRequestsAndServerErrorsAreTheDependencysFailure() {
        for (int status : new int[] {0, 408, 429, 500, 502, 503, 504}) {
            assertThat(HealthSignal.isDependencyFailure(status))
                    .as("status %d", status)
                    .isTrue();
        }
        for (int status : new int[] {200, 400, 401, 402, 404, 409, 422}) {
            assertThat(HealthSignal.isDependencyFailure(status))
                    .as("status %d", status)
                    .isFalse();
        }
    }

    @Test
    void theBreakerPredicateReadsTheStatusThroughFutureWrappers() {
        assertThat(HealthSignal.CALLERS_FAULT.test(new CompletionException(new Failed(400))))
                .isTrue();
        assertThat(HealthSignal.CALLERS_FAULT.test(new Failed(503))).isFalse();
        assertThat(HealthSignal.CALLERS_FAULT.test(new ConnectException("refused")))
                .isFalse();
    }

    @Test
    void retriesDependencyFailuresAndConnectionErrorsButNeverTheCallersFault() {
        assertThat(HealthSignal.TRANSIENT.isRetryable(new Failed(503))).isTrue();
        assertThat(HealthSignal.TRANSIENT.isRetryable(new Failed(429))).isTrue();
        assertThat(HealthSignal.TRANSIENT.isRetryable(new Failed(0))).isTrue();
        assertThat(HealthSignal.TRANSIENT.isRetryable(new CompletionException(new ConnectException("refused"))))
                .isTrue();
        assertThat(HealthSignal.TRANSIENT.isRetryable(new Failed(400))).isFalse();
        assertThat(HealthSignal.TRANSIENT.isRetryable(new Failed(404))).isFalse();
        assertThat(HealthSignal.TRANSIENT.isRetryable(new IllegalStateException("a bug")))
                .isFalse();
    }

    /**
     * payment's fraud client wraps what the JDK client throws in an {@link UncheckedIOException}
     * (its call runs as a lambda that may not throw checked exceptions): a timeout or a refused
     * connection is still the provider's failure, and worth another attempt where one is allowed.
     */
    @Test
    void aTimeoutOrConnectionErrorWrappedAsUncheckedIsStillTheDependencysFailure() {
        assertThat(HealthSignal.TRANSIENT.isRetryable(
                        new UncheckedIOException(new HttpTimeoutException("request timed out"))))
                .isTrue();
        assertThat(HealthSignal.TRANSIENT.isRetryable(
                        new CompletionException(new UncheckedIOException(new ConnectException("refused")))))
                .isTrue();
        assertThat(HealthSignal.TRANSIENT.isRetryable(
                        new UncheckedIOException(new java.io.IOException("unreadable body"))))
                .isFalse();
        assertThat(HealthSignal.CALLERS_FAULT.test(new UncheckedIOException(new ConnectException("refused"))))
                .isFalse();
    }
}
