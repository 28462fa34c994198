package dev.resilientshop.order.outbound;

import dev.resilientshop.kit.resilience.HealthSignal;
import dev.resilientshop.resilience.retry.StatusCarrier;

/**
 * A dependency answered with a non-2xx status ({@link #status()} 300-599) or not at all
 * ({@link #status()} 0: refused, reset, timed out). The resilience library reads the status
 * through {@link StatusCarrier} with shop-kit's {@link HealthSignal}: 0, 408, 429 and 5xx are
 * transient (retried when the call is idempotent); any other 4xx never is, and the breakers
 * ignore it (a 402 decline or a 409 "out of stock" says nothing about the dependency's health).
 */
public class DownstreamException extends RuntimeException implements StatusCarrier {

    private final String dependency;
    private final int status;
    private final String body;

    DownstreamException(String dependency, int status, String body, Throwable cause) {
        super(status == 0 ? dependency + " gave no answer: " + (cause == null ? "?" : cause.toString())
                : dependency + " answered " + status, cause, false, false);
        this.dependency = dependency;
        this.status = status;
        this.body = body;
    }

    @Override
    public int status() {
        return status;
    }

    public String dependency() {
        return dependency;
    }

    /** The answer's body (a problem+json for our services), or null when there was none. */
    public String body() {
        return body;
    }

    /**
     * No answer at all, 408, 429 or 5xx (shop-kit's {@link HealthSignal#isDependencyFailure}, the
     * rule the breaker and the retry use): the dependency's failure, not an answer to act on.
     */
    public boolean transientFailure() {
        return HealthSignal.isDependencyFailure(status);
    }
}
