package dev.resilientshop.productpage.checkout;

import dev.resilientshop.kit.web.SameOrigin;
import dev.resilientshop.productpage.cart.Cart;
import dev.resilientshop.productpage.cart.CartService;
import dev.resilientshop.productpage.cart.CartView;
import dev.resilientshop.productpage.dependency.DependencyCalls;
import dev.resilientshop.productpage.order.OrderClient;
import dev.resilientshop.productpage.order.OrderRejectedException;
import dev.resilientshop.productpage.page.Chrome;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /checkout}: the form (with a fresh idempotency key hidden in it) and placing the order.
 * Every outcome of order-service becomes a sentence on the same form; "we do not know" (5xx,
 * timeout) keeps the key, so pressing the button again cannot create a second order. Every answer
 * is {@code Cache-Control: no-store} and never carries the card number or CVC back; a POST whose
 * {@code Origin} names another site is refused (403) before anything is sent.
 */
@Path("/checkout")
@Blocking
@Produces(MediaType.TEXT_HTML)
class CheckoutResource {

    /** A checkout page holds a name, an e-mail and an order key: no cache, shared or private, keeps it. */
    static final String NO_STORE = "no-store";

    private final CartService carts;
    private final OrderClient orders;
    private final Template checkout;
    private final Chrome.Factory chrome;

    CheckoutResource(
            CartService carts,
            OrderClient orders,
            @Location("checkout/checkout.html") Template checkout,
            Chrome.Factory chrome) {
        this.carts = carts;
        this.orders = orders;
        this.checkout = checkout;
        this.chrome = chrome;
    }

    @GET
    public Response form(@CookieParam(Cart.COOKIE) String cookie) {
        var cart = Cart.parse(cookie);
        if (cart.isEmpty()) {
            return Response.seeOther(URI.create("/cart?msg=empty")).build();
        }
        return render(200, carts.view(cart), CheckoutForm.blank(), null, Map.of(), chrome.current());
    }

    /**
     * Places the order without holding a worker thread while order-service works: the call is
     * non-blocking ({@link OrderClient}), the cart view for a re-rendered form is read meanwhile
     * (within the page's own 500 ms), and the answer is rendered when order-service has spoken.
     * A slow order-service therefore costs product pages nothing (issue 11, item 18).
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a browser's form; a multipart body without parts was a 500
    public CompletionStage<Response> place(
            @CookieParam(Cart.COOKIE) String cookie,
            @BeanParam CheckoutForm posted,
            @HeaderParam("Origin") String origin,
            @HeaderParam("Host") String host) {
        if (origin != null && !SameOrigin.matches(origin, host)) {
            // another site's page posting our form with the buyer's cart cookie
            return CompletableFuture.completedFuture(Response.status(403)
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("Cache-Control", NO_STORE)
                    .entity("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Forbidden</title>"
                            + "<link rel=\"stylesheet\" href=\"/css/shop.css\"></head><body><main class=\"error-page\">"
                            + "<p class=\"error-code\">403</p><h1>Please place your order from the shop's own checkout page</h1>"
                            + "<p><a href=\"/checkout\">Back to checkout</a></p></main></body></html>")
                    .build());
        }
        var cart = Cart.parse(cookie);
        if (cart.isEmpty()) {
            return CompletableFuture.completedFuture(
                    Response.seeOther(URI.create("/cart?msg=empty")).build());
        }
        var form = posted.hasValidKey() ? posted : posted.withNewKey();
        var frame = chrome.current();
        var errors = form.validate();
        if (!errors.isEmpty()) {
            return CompletableFuture.completedFuture(render(
                    422, carts.view(cart), form.forRedisplay(), "Please check the highlighted fields.", errors, frame));
        }
        var placing = orders.place(form.idempotencyKey, form.toRequest(cart));
        var view = carts.view(cart);
        return placing.handle((placed, failure) -> failure == null
                ? placed(placed, view, form, frame)
                : failed(DependencyCalls.unwrap(failure), view, form, frame));
    }

    private Response placed(OrderClient.Placed placed, CartView view, CheckoutForm form, Chrome frame) {
        var order = placed.order();
        return switch (order.status()) {
            case "CONFIRMED", "PENDING" ->
                Response.seeOther(URI.create("/orders/" + (order.viewToken() != null ? order.viewToken() : order.id())))
                        .header("Set-Cookie", CartService.setCookie(Cart.empty()))
                        .build();
            // a replayed key answers the first outcome again: a finished failure needs a new key to try again
            case "DECLINED" ->
                render(
                        402,
                        view,
                        form.withNewKey(),
                        "Your card was declined: " + humanReason(order.declineReason()) + ".",
                        Map.of("cardNumber", "Try another card."),
                        frame);
            case "REJECTED" ->
                render(
                        409,
                        view,
                        form.withNewKey(),
                        "Sorry, an item in your cart is no longer in stock. Please update your cart.",
                        Map.of(),
                        frame);
            default ->
                render(
                        503,
                        view,
                        form.withNewKey(),
                        "We could not place your order right now, please try again.",
                        Map.of(),
                        frame);
        };
    }

    private Response failed(Throwable failure, CartView view, CheckoutForm form, Chrome frame) {
        if (failure instanceof OrderRejectedException rejected) {
            return rejected(rejected, view, form, frame);
        }
        // we do not know (deadline, 5xx, bulkhead full, breaker open): keep the key
        return render(
                503,
                view,
                form.forRedisplay(),
                "We could not place your order right now, please try again. (You will not be charged twice.)",
                Map.of(),
                frame);
    }

    private Response rejected(OrderRejectedException e, CartView cart, CheckoutForm form, Chrome frame) {
        return switch (e.status()) {
            case 402 ->
                render(
                        402,
                        cart,
                        form.withNewKey(),
                        "Your card was declined: " + humanReason(e.member("reason")) + ".",
                        Map.of("cardNumber", "Try another card."),
                        frame);
            // the same key is still being worked on (a double click, or a retry while the first
            // attempt runs): keep the key, so pressing again lands on the same order
            case 409 ->
                e.member("sku") == null && "Request in flight".equals(e.member("title"))
                        ? render(
                                409,
                                cart,
                                form.forRedisplay(),
                                "Your order is still being processed. Press the button again in a moment:"
                                        + " it will show the same order, and you will not be charged twice.",
                                Map.of(),
                                frame)
                        : render(409, cart, form.withNewKey(), outOfStock(e, cart), Map.of(), frame);
            case 422 ->
                "Idempotency-Key reused".equals(e.member("title"))
                        ? render(
                                422,
                                cart,
                                form.withNewKey(),
                                "Your details changed since the last attempt, so this is a new order."
                                        + " Please check them and place it again.",
                                Map.of(),
                                frame)
                        : render(
                                422,
                                cart,
                                form.withNewKey(),
                                "Please check the highlighted fields.",
                                fieldErrors(e),
                                frame);
            default ->
                render(422, cart, form.withNewKey(), "Please check the highlighted fields.", fieldErrors(e), frame);
        };
    }

    private static String outOfStock(OrderRejectedException e, CartView cart) {
        var sku = e.member("sku");
        var name = cart.lines().stream()
                .filter(l -> l.sku().equals(sku))
                .map(CartView.Line::name)
                .findFirst()
                .orElse(sku);
        return sku == null
                ? "Sorry, an item in your cart is no longer in stock."
                : "Sorry, " + name + " (" + sku
                        + ") is no longer in stock in the quantity you asked for. Please update your cart.";
    }

    /** order-service names fields like {@code payment.cardNumber}; the form's names are the last segment. */
    private static Map<String, String> fieldErrors(OrderRejectedException e) {
        var out = new java.util.LinkedHashMap<String, String>();
        e.fieldErrors().forEach((field, message) -> out.put(field.substring(field.lastIndexOf('.') + 1), message));
        if (out.isEmpty()) {
            out.put("form", e.member("detail") == null ? "The order was not accepted." : e.member("detail"));
        }
        return out;
    }

    static String humanReason(String reason) {
        if (reason == null) {
            return "the bank gave no reason";
        }
        return switch (reason) {
            case "card_declined" -> "the card was declined by the bank (card_declined)";
            case "insufficient_funds" -> "insufficient funds (insufficient_funds)";
            case "fraud_suspected" -> "the payment looked suspicious to our fraud check (fraud_suspected)";
            case "expired_card" -> "the card has expired (expired_card)";
            default -> reason;
        };
    }

    /** Needs no request context ({@code frame} was taken on the request's thread): runs where order-service's answer lands. */
    private Response render(
            int status, CartView cart, CheckoutForm form, String message, Map<String, String> errors, Chrome frame) {
        var html = checkout.data("cart", cart)
                .data("form", form)
                .data("message", message)
                .data("errors", errors)
                .data("chrome", frame)
                .render();
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", NO_STORE)
                .entity(html)
                .build();
    }
}
