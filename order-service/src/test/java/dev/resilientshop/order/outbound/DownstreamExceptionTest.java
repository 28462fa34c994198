package dev.resilientshop.order.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DownstreamException#transientFailure()} decides whether inventory's and payment's clients
 * report an answer as "unavailable, try again" (with the answer's detail): it must say what
 * shop-kit's {@code HealthSignal} says for the breaker and the retry, so that a 408 or a 429 is
 * the dependency's failure everywhere, and a 4xx that is the caller's fault is one nowhere.
 */
class DownstreamExceptionTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 408, 429, 500, 503})
    void noAnswerRequestTimeoutTooManyRequestsAndServerErrorsAreTransient(int status) {
        assertThat(new DownstreamException("payment", status, null, null).transientFailure()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {302, 400, 402, 404, 409, 422})
    void aRedirectOrTheCallersFaultIsNot(int status) {
        assertThat(new DownstreamException("payment", status, null, null).transientFailure()).isFalse();
    }
}
