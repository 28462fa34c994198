package dev.resilientshop.productpage.dependency;

import dev.resilientshop.resilience.retry.StatusCarrier;

/**
 * A dependency answered 404 for something we asked about by id (a SKU, an order): the caller's
 * fault under shop-kit's {@code HealthSignal}, so no breaker failure and no fallback.
 */
public class UnknownResourceException extends RuntimeException implements StatusCarrier {

    private final String what;
    private final String id;

    public UnknownResourceException(String what, String id) {
        super(what + " '" + id + "' does not exist");
        this.what = what;
        this.id = id;
    }

    @Override
    public int status() {
        return 404;
    }

    public String what() {
        return what;
    }

    public String id() {
        return id;
    }
}
