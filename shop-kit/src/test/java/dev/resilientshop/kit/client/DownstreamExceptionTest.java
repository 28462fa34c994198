package dev.resilientshop.kit.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DownstreamException#transientFailure()} decides whether a caller reports an answer as
 * "unavailable, try again": it must say what shop-kit's {@code HealthSignal} says for the breaker
 * and the retry, so that a 408 or a 429 is the dependency's failure everywhere, and a 4xx that is
 * the caller's fault is one nowhere.
 */
class DownstreamExceptionTest {

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 503})
    void requestTimeoutTooManyRequestsAndServerErrorsAreTransient(int status) {
        assertThat(ProblemAnswers.of("payment", status, null).transientFailure())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {302, 400, 402, 404, 409, 422})
    void aRedirectOrTheCallersFaultIsNot(int status) {
        assertThat(ProblemAnswers.of("payment", status, null).transientFailure())
                .isFalse();
    }

    @org.junit.jupiter.api.Test
    void noAnswerIsTransient() {
        var none = ProblemAnswers.noAnswer("payment", new java.net.ConnectException("refused"));
        assertThat(none.status()).isZero();
        assertThat(none.transientFailure()).isTrue();
        assertThat(none.getMessage()).contains("payment gave no answer", "refused");
    }
}
