package dev.resilientshop.resilience.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.retry.RetryTest.HttpFailure;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Which failures a retry repeats by default, and what it sees through the futures' wrappers. */
class FailureClassifierTest {

    private final FailureClassifier defaults = FailureClassifier.defaults();

    @Test
    void exactlyTheStatuses500To599AreRetryable() {
        assertThat(defaults.isRetryable(new HttpFailure(499))).isFalse();
        assertThat(defaults.isRetryable(new HttpFailure(500))).isTrue();
        assertThat(defaults.isRetryable(new HttpFailure(599))).isTrue();
        assertThat(defaults.isRetryable(new HttpFailure(600))).isFalse();
    }

    @Test
    void unwrapLooksThroughNestedFutureWrappersButKeepsAWrapperWithoutCause() {
        HttpFailure real = new HttpFailure(503);
        assertThat(FailureClassifier.unwrap(new ExecutionException(real))).isSameAs(real);
        assertThat(FailureClassifier.unwrap(new CompletionException(new ExecutionException(real))))
                .isSameAs(real);
        CompletionException empty = new CompletionException("no cause", null);
        assertThat(FailureClassifier.unwrap(empty)).isSameAs(empty);
        ExecutionException emptyExecution = new ExecutionException("no cause", null);
        assertThat(FailureClassifier.unwrap(emptyExecution)).isSameAs(emptyExecution);
        assertThat(FailureClassifier.unwrap(real)).isSameAs(real);
        assertThat(defaults.isRetryable(new ExecutionException(real))).isTrue();
    }

    @Test
    void andRetriesOnlyWhatBothClassifiersRetry() {
        // the defaults, but not a 503 that the business code marks as final
        FailureClassifier notMaintenance = failure -> !(failure instanceof HttpFailure h && h.status() == 503);
        FailureClassifier both = defaults.and(notMaintenance);
        assertThat(both.isRetryable(new HttpFailure(502))).isTrue();
        assertThat(both.isRetryable(new HttpFailure(503))).isFalse(); // the second says no
        assertThat(both.isRetryable(new HttpFailure(404))).isFalse(); // the first says no
        assertThat(defaults.and(failure -> true).isRetryable(new HttpFailure(404)))
                .isFalse();
        assertThat(FailureClassifier.defaults().and(failure -> false).isRetryable(new HttpFailure(502)))
                .isFalse();
    }
}
