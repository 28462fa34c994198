package dev.resilientshop.productpage.dependency;

import dev.resilientshop.resilience.retry.StatusCarrier;

/**
 * A dependency could not answer: connection refused, read timeout, or a 5xx. Every client class
 * turns transport noise into this one type, so a page decides what to show from the dependency's
 * name alone and never leaks a Vert.x or JAX-RS exception (or its stack trace) to a user.
 */
public class DependencyUnavailableException extends RuntimeException implements StatusCarrier {

    private final String dependency;
    private final int status;

    public DependencyUnavailableException(String dependency, String reason, Throwable cause) {
        this(dependency, 0, reason, cause);
    }

    /** {@code status}: the HTTP status the dependency answered, 0 when it did not answer at all. */
    public DependencyUnavailableException(String dependency, int status, String reason, Throwable cause) {
        super(dependency + " is unavailable: " + reason, cause);
        this.dependency = dependency;
        this.status = status;
    }

    @Override
    public int status() {
        return status;
    }

    public String dependency() {
        return dependency;
    }
}
