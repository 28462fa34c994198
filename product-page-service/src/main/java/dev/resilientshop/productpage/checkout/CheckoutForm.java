package dev.resilientshop.productpage.checkout;

import dev.resilientshop.kit.web.IdempotencyKey;
import dev.resilientshop.productpage.cart.Cart;
import dev.resilientshop.productpage.order.OrderRequest;
import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.FormParam;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The checkout form as posted. Validated here before anything is sent, so a typo costs no
 * call to order-service (and no declined charge). {@link #forRedisplay()} drops the card number
 * and the security code: card data is never echoed back into a page (PCI DSS forbids keeping the
 * CVC after authorisation; a page in a browser's cache or history would keep it).
 */
@TemplateData
class CheckoutForm {

    static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{" + IdempotencyKey.MIN_LENGTH + ","
            + IdempotencyKey.MAX_LENGTH + "}"); // order-service's rule
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern EXPIRY = Pattern.compile("(0[1-9]|1[0-2])/\\d{2}");
    private static final Pattern CVC = Pattern.compile("\\d{3,4}");
    private static final Pattern CARD = Pattern.compile("\\d{12,19}");

    @FormParam("name")
    public String name;

    @FormParam("email")
    public String email;

    @FormParam("cardNumber")
    public String cardNumber;

    @FormParam("cardHolder")
    public String cardHolder;

    @FormParam("expiry")
    public String expiry;

    @FormParam("cvc")
    public String cvc;

    @FormParam("idempotencyKey")
    public String idempotencyKey;

    static CheckoutForm blank() {
        var form = new CheckoutForm();
        form.idempotencyKey = UUID.randomUUID().toString();
        return form;
    }

    /** Field → message for every invalid field; empty when the form can be sent. */
    Map<String, String> validate() {
        var errors = new LinkedHashMap<String, String>();
        if (blank(name) || name.strip().length() > 100) {
            errors.put("name", "Please enter your name.");
        }
        if (blank(email)
                || email.length() > 200
                || !EMAIL.matcher(email.strip()).matches()) {
            errors.put("email", "Please enter a valid e-mail address.");
        }
        if (blank(cardNumber) || !CARD.matcher(digits(cardNumber)).matches()) {
            errors.put("cardNumber", "Please enter a card number (12 to 19 digits).");
        }
        if (blank(cardHolder) || cardHolder.strip().length() > 100) {
            errors.put("cardHolder", "Please enter the name on the card.");
        }
        if (blank(expiry) || !EXPIRY.matcher(expiry.strip()).matches()) {
            errors.put("expiry", "Please enter the expiry as MM/YY.");
        }
        if (blank(cvc) || !CVC.matcher(cvc.strip()).matches()) {
            errors.put("cvc", "Please enter the 3 or 4 digit security code.");
        }
        return errors;
    }

    boolean hasValidKey() {
        return idempotencyKey != null && KEY.matcher(idempotencyKey).matches();
    }

    OrderRequest toRequest(Cart cart) {
        var items = cart.lines().stream()
                .map(l -> new OrderRequest.Item(l.sku(), l.quantity()))
                .toList();
        return new OrderRequest(
                items,
                new OrderRequest.Customer(name.strip(), email.strip()),
                new OrderRequest.Payment(digits(cardNumber), cardHolder.strip(), expiry.strip(), cvc.strip()));
    }

    CheckoutForm forRedisplay() {
        var copy = new CheckoutForm();
        copy.name = name;
        copy.email = email;
        copy.cardHolder = cardHolder;
        copy.expiry = expiry;
        copy.idempotencyKey = idempotencyKey;
        return copy;
    }

    /** After a definite answer the next attempt is a new order, so it gets a new key. */
    CheckoutForm withNewKey() {
        var copy = forRedisplay();
        copy.idempotencyKey = UUID.randomUUID().toString();
        return copy;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String digits(String s) {
        return s == null ? "" : s.replaceAll("[\\s-]", "");
    }
}
