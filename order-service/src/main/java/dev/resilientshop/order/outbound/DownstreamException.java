package dev.resilientshop.order.outbound;

import dev.resilientshop.resilience.retry.StatusCarrier;

/**
 * A dependency answered with a non-2xx status ({@link #status()} 400-599) or not at all
 * ({@link #status()} 0: refused, reset, timed out). The resilience library reads the status
 * through {@link StatusCarrier}: 5xx and 0 are transient (retried when the call is idempotent),
 * 4xx never are, and the breakers ignore them (a 402 decline or a 409 "out of stock" says nothing
 * about the dependency's health).
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

    /** 5xx, or no answer at all: the outcome is unknown and another keyed attempt is safe. */
    public boolean transientFailure() {
        return status == 0 || status >= 500;
    }
}
