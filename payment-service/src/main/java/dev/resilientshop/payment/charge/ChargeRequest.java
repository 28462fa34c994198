package dev.resilientshop.payment.charge;

import dev.resilientshop.kit.card.Luhn;
import dev.resilientshop.kit.problem.ApiException;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /charges} body. {@link #validated()} checks every field before anything is called or
 * written, and is the only place the whole card number exists as a value; from there on only the
 * digits needed for the decision travel, and only the last 4 are stored.
 */
record ChargeRequest(String orderId, Long amountCents, String currency, Card card, String email) {

    record Card(String number, String holder, String expiry, String cvc) {}

    /** A request that passed validation: card number reduced to its digits, expiry parsed. */
    record Valid(UUID orderId, long amountCents, String currency, String cardNumber, YearMonth expiry, String email) {

        /** What a reused key must match: the order, amount, currency and card (BIN, last 4, expiry; sha-256, hex). */
        String fingerprint() {
            var canonical =
                    orderId + "|" + amountCents + "|" + currency + "|" + cardBin() + "|" + cardLast4() + "|" + expiry;
            try {
                return java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        String cardBin() {
            return cardNumber.substring(0, 6);
        }

        String cardLast4() {
            return cardNumber.substring(cardNumber.length() - 4);
        }
    }

    static final String CURRENCY = "EUR";
    private static final Pattern CARD_DIGITS = Pattern.compile("\\d{12,19}");
    private static final Pattern EXPIRY = Pattern.compile("(0[1-9]|1[0-2])/(\\d{2})");
    private static final Pattern CVC = Pattern.compile("\\d{3,4}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    Valid validated() {
        Map<String, String> errors = new LinkedHashMap<>();
        var order = parseUuid(orderId);
        if (order == null) {
            errors.put("orderId", "must be a UUID");
        }
        if (amountCents == null || amountCents <= 0) {
            errors.put("amountCents", "must be > 0");
        }
        if (!CURRENCY.equals(currency)) {
            errors.put("currency", "must be EUR");
        }
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            errors.put("email", "must be an e-mail address like ada@example.com (or left out)");
        }
        String digits = null;
        YearMonth expiry = null;
        if (card == null) {
            errors.put("card", "is required");
        } else {
            digits = card.number() == null ? null : card.number().replaceAll("[ -]", "");
            if (digits == null || !CARD_DIGITS.matcher(digits).matches() || !Luhn.valid(digits)) {
                errors.put("card.number", "must be 12-19 digits with a valid check digit");
            }
            if (card.holder() == null
                    || card.holder().isBlank()
                    || card.holder().length() > 100) {
                errors.put("card.holder", "must be a name of 1-100 characters");
            }
            var m = card.expiry() == null ? null : EXPIRY.matcher(card.expiry());
            if (m == null || !m.matches()) {
                errors.put("card.expiry", "must be MM/YY");
            } else {
                expiry = YearMonth.of(2000 + Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
            }
            if (card.cvc() == null || !CVC.matcher(card.cvc()).matches()) {
                errors.put("card.cvc", "must be 3 or 4 digits");
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new Valid(order, amountCents, currency, digits, expiry, email);
    }

    static UUID parseUuid(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
