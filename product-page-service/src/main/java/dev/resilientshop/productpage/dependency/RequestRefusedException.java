package dev.resilientshop.productpage.dependency;

import dev.resilientshop.resilience.retry.StatusCarrier;

/**
 * A dependency refused our request with a 4xx that is the caller's fault (400, 422, ...; not 404,
 * which is {@link UnknownResourceException}, nor 408/429, which are the dependency's). The
 * dependency is healthy and said so promptly: no breaker failure, no adaptive-limit drop, no
 * retry and no fallback (shop-kit's {@code HealthSignal}). The JSON API answers it as a problem
 * with the same status; a page as a 400 page.
 */
public class RequestRefusedException extends RuntimeException implements StatusCarrier {

    private final String dependency;
    private final int status;

    public RequestRefusedException(String dependency, int status, Throwable cause) {
        super(dependency + " refused the request: HTTP " + status, cause);
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
