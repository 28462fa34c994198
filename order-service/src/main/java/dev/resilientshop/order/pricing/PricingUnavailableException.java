package dev.resilientshop.order.pricing;

/**
 * pricing-service gave no usable answer (refused, slow, error): checkout cannot price the order.
 * The only way a price list fails, and no answer at all, so an exception (an unknown SKU is no
 * failure: it is simply absent from the list, which {@code PricingClient} returns as a value).
 */
public class PricingUnavailableException extends RuntimeException {

    PricingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
