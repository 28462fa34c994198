package dev.resilientshop.fraud.score;

import dev.resilientshop.kit.problem.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /scores} body. The provider sees only what a real one would: the amount, the card's
 * BIN (first digits) and last 4, and the buyer's e-mail; never the whole card number.
 */
public record ScoreRequest(
        String orderId, Long amountCents, String currency, String cardBin, String cardLast4, String email) {

    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern BIN = Pattern.compile("\\d{6,8}");
    private static final Pattern LAST4 = Pattern.compile("\\d{4}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** Every broken field at once, so a caller fixes them in one round trip. */
    void validate() {
        Map<String, String> errors = new LinkedHashMap<>();
        if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            errors.put("orderId", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        if (amountCents == null || amountCents <= 0) {
            errors.put("amountCents", "must be > 0");
        }
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            errors.put("currency", "must be an ISO 4217 code like EUR");
        }
        if (cardBin == null || !BIN.matcher(cardBin).matches()) {
            errors.put("cardBin", "must be the card's first 6 to 8 digits");
        }
        if (cardLast4 == null || !LAST4.matcher(cardLast4).matches()) {
            errors.put("cardLast4", "must be the card's last 4 digits");
        }
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            errors.put("email", "must be an e-mail address like ada@example.com (or left out)");
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
