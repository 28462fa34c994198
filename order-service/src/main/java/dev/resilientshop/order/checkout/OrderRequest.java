package dev.resilientshop.order.checkout;

import dev.resilientshop.kit.card.Luhn;
import dev.resilientshop.kit.problem.ApiException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /orders} body. {@link #validate()} checks every field before anything is called or
 * written, including the card's shape (digits, check digit, expiry format), so that a typo is a
 * 422 here rather than an order that fails at payment. Whether the card is accepted (expired,
 * declined) is payment's decision, not a validation error.
 */
record OrderRequest(List<Item> items, Customer customer, Payment payment) {

    record Item(String sku, Integer quantity) {}

    record Customer(String name, String email) {}

    record Payment(String cardNumber, String cardHolder, String expiry, String cvc) {

        String digits() {
            return cardNumber.replaceAll("[ -]", "");
        }
    }

    static final int MAX_LINES = 50;
    static final int MAX_QUANTITY = 99;
    static final Pattern SKU = Pattern.compile("[A-Z]{3}-\\d{4}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern CARD_DIGITS = Pattern.compile("\\d{12,19}");
    private static final Pattern EXPIRY = Pattern.compile("(0[1-9]|1[0-2])/\\d{2}");
    private static final Pattern CVC = Pattern.compile("\\d{3,4}");

    void validate() {
        Map<String, String> errors = new LinkedHashMap<>();
        validateItems(errors);
        if (customer == null) {
            errors.put("customer", "is required");
        } else {
            if (customer.name() == null
                    || customer.name().isBlank()
                    || customer.name().length() > 100
                    || hasControl(customer.name())) {
                errors.put("customer.name", "must be a name of 1-100 characters, without control characters");
            }
            if (customer.email() == null
                    || customer.email().length() > 254
                    || !EMAIL.matcher(customer.email()).matches()
                    || hasControl(customer.email())) {
                errors.put("customer.email", "must be an e-mail address like ada@example.com");
            }
        }
        if (payment == null) {
            errors.put("payment", "is required");
        } else {
            if (payment.cardNumber() == null
                    || !CARD_DIGITS.matcher(payment.digits()).matches()
                    || !Luhn.valid(payment.digits())) {
                errors.put("payment.cardNumber", "must be 12-19 digits with a valid check digit");
            }
            if (payment.cardHolder() == null
                    || payment.cardHolder().isBlank()
                    || payment.cardHolder().length() > 100
                    || hasControl(payment.cardHolder())) {
                errors.put("payment.cardHolder", "must be a name of 1-100 characters, without control characters");
            }
            if (payment.expiry() == null || !EXPIRY.matcher(payment.expiry()).matches()) {
                errors.put("payment.expiry", "must be MM/YY");
            }
            if (payment.cvc() == null || !CVC.matcher(payment.cvc()).matches()) {
                errors.put("payment.cvc", "must be 3 or 4 digits");
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    /** PostgreSQL refuses NUL in text, after pricing was already called: no name carries a control character. */
    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private void validateItems(Map<String, String> errors) {
        if (items == null || items.isEmpty()) {
            errors.put("items", "must hold at least one line");
            return;
        }
        if (items.size() > MAX_LINES) {
            errors.put("items", "must hold at most " + MAX_LINES + " lines");
            return;
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < items.size(); i++) {
            var item = items.get(i);
            if (item == null || item.sku() == null || !SKU.matcher(item.sku()).matches()) {
                errors.put("items[" + i + "].sku", "must be a SKU like AUD-0001");
            } else if (!seen.add(item.sku())) {
                errors.put("items[" + i + "].sku", "appears twice; put the whole quantity on one line");
            }
            if (item == null || item.quantity() == null || item.quantity() < 1 || item.quantity() > MAX_QUANTITY) {
                errors.put("items[" + i + "].quantity", "must be in [1, " + MAX_QUANTITY + "]");
            }
        }
    }
}
