package dev.resilientshop.payment.fraud;

/** What the provider is told about a charge: the card's BIN and last 4, never its whole number. */
public record FraudCheck(
        String orderId, long amountCents, String currency, String cardBin, String cardLast4, String email) {}
