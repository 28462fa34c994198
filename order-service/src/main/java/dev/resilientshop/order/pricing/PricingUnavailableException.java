package dev.resilientshop.order.pricing;

/** pricing-service gave no usable answer (refused, slow, error): checkout cannot price the order. */
public class PricingUnavailableException extends RuntimeException {

    PricingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
