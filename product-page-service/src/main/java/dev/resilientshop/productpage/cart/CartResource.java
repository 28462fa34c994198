package dev.resilientshop.productpage.cart;

import dev.resilientshop.productpage.page.Chrome;
import dev.resilientshop.productpage.page.PageException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;

/** {@code /cart}: plain HTML forms, each POST answering 303 back to the cart (post/redirect/get). */
@Path("/cart")
@Blocking
class CartResource {

    static final Map<String, String> MESSAGES = Map.of(
            "empty", "Your cart is empty: add something before checking out.",
            "full", "Your cart is full (" + Cart.MAX_LINES + " different items at most).",
            "placed", "Thank you, your order was placed.");

    private final CartService carts;
    private final Template cartPage;
    private final Chrome.Factory chrome;

    CartResource(CartService carts, @Location("cart/cart.html") Template cartPage, Chrome.Factory chrome) {
        this.carts = carts;
        this.cartPage = cartPage;
        this.chrome = chrome;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show(
            @CookieParam(Cart.COOKIE) String cookie, @QueryParam("added") String added, @QueryParam("msg") String msg) {
        var view = carts.view(Cart.parse(cookie));
        var addedLine = added == null
                ? null
                : view.lines().stream()
                        .filter(l -> l.sku().equals(added))
                        .findFirst()
                        .orElse(null);
        return cartPage.data("cart", view)
                .data("added", addedLine)
                .data("message", msg == null ? null : MESSAGES.get(msg))
                .data("chrome", chrome.current());
    }

    @POST
    @Path("add")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(
            @CookieParam(Cart.COOKIE) String cookie,
            @FormParam("sku") String sku,
            @FormParam("quantity") String quantity) {
        int q = parseQuantity(quantity, 1);
        if (!Cart.isValidSku(sku) || !Cart.isValidQuantity(q)) {
            throw new PageException(
                    400, "That did not work", "We could not add that to your cart: pick a quantity from 1 to 99.");
        }
        var cart = Cart.parse(cookie);
        if (!cart.add(sku, q)) {
            return redirect("/cart?msg=full", cart);
        }
        return redirect("/cart?added=" + sku, cart);
    }

    @POST
    @Path("update")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(
            @CookieParam(Cart.COOKIE) String cookie,
            @FormParam("sku") String sku,
            @FormParam("quantity") String quantity) {
        var cart = Cart.parse(cookie);
        int q = parseQuantity(quantity, -1);
        if (Cart.isValidSku(sku) && q >= 0 && q <= Cart.MAX_QUANTITY) {
            cart.update(sku, q);
        }
        return redirect("/cart", cart);
    }

    @POST
    @Path("remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@CookieParam(Cart.COOKIE) String cookie, @FormParam("sku") String sku) {
        var cart = Cart.parse(cookie);
        if (sku != null) {
            cart.remove(sku);
        }
        return redirect("/cart", cart);
    }

    private static Response redirect(String to, Cart cart) {
        return Response.seeOther(URI.create(to))
                .header("Set-Cookie", CartService.setCookie(cart))
                .build();
    }

    static int parseQuantity(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
