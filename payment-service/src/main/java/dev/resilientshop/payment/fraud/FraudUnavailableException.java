package dev.resilientshop.payment.fraud;

/**
 * The provider could not give a verdict: refused, reset, too slow, or answered with an error.
 * The charge is neither captured nor declined, so the caller answers 503 and records nothing.
 */
public class FraudUnavailableException extends RuntimeException {

    FraudUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
