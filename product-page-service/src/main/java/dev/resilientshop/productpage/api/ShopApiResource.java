package dev.resilientshop.productpage.api;

import dev.resilientshop.kit.catalog.Category;
import dev.resilientshop.kit.problem.ApiException;
import dev.resilientshop.kit.web.IdempotencyKey;
import dev.resilientshop.productpage.cart.Cart;
import dev.resilientshop.productpage.cart.CartService;
import dev.resilientshop.productpage.cart.CartView;
import dev.resilientshop.productpage.dependency.DependencyCalls;
import dev.resilientshop.productpage.dependency.DependencyUnavailableException;
import dev.resilientshop.productpage.dependency.RequestRefusedException;
import dev.resilientshop.productpage.dependency.UnknownResourceException;
import dev.resilientshop.productpage.inventory.InventoryClient;
import dev.resilientshop.productpage.inventory.ProductListing;
import dev.resilientshop.productpage.order.OrderClient;
import dev.resilientshop.productpage.order.OrderRejectedException;
import dev.resilientshop.productpage.order.OrderRequest;
import dev.resilientshop.productpage.page.VisitorFilter;
import dev.resilientshop.productpage.product.ProductDetails;
import dev.resilientshop.productpage.product.ProductDetailsLoader;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The JSON face of the same pages, for scripts, load generators and the system tests. Errors
 * are shop-kit problems (problem+json); a dependency that cannot answer is a 503 problem with
 * {@code dependency} and {@code Retry-After}, never a stack trace.
 */
@Path("/api")
@Blocking
@Produces(MediaType.APPLICATION_JSON)
class ShopApiResource {

    /** inventory-service's limit on a search text: checked here, so a refused search costs it no call. */
    static final int MAX_QUERY_LENGTH = 100;

    private final InventoryClient inventory;
    private final ProductDetailsLoader products;
    private final CartService carts;
    private final OrderClient orders;

    ShopApiResource(InventoryClient inventory, ProductDetailsLoader products, CartService carts, OrderClient orders) {
        this.inventory = inventory;
        this.products = products;
        this.carts = carts;
        this.orders = orders;
    }

    public record CartItem(String sku, Integer quantity) {}

    @GET
    @Path("products")
    public ProductListing list(
            @QueryParam("category") String category,
            @QueryParam("q") String q,
            @QueryParam("page") @DefaultValue("0") int page) {
        if (page < 0 || page > 1_000) {
            throw ApiException.invalid(Map.of("page", "must be between 0 and 1000"));
        }
        if (category != null && !category.isEmpty() && Category.bySlug(category) == null) {
            throw ApiException.notFound("Category", category);
        }
        if (q != null && q.strip().length() > MAX_QUERY_LENGTH) {
            throw ApiException.badRequest("q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        // while inventory fails, the Redis snapshot's page (servedBy "snapshot"), as the HTML listing shows it
        return call(() -> DependencyCalls.await(
                        inventory.productsServed(blankToNull(category), blankToNull(q), page, ProductListing.PAGE_SIZE))
                .value());
    }

    @GET
    @Path("products/{sku}")
    public ProductDetails product(
            @PathParam("sku") String sku,
            @QueryParam("userId") String userId,
            @CookieParam(VisitorFilter.COOKIE) String uid) {
        if (!Cart.isValidSku(sku)) {
            throw ApiException.notFound("Product", sku);
        }
        var user = userId != null ? VisitorFilter.valid(userId) : VisitorFilter.valid(uid);
        if (userId != null && user == null) {
            throw ApiException.invalid(Map.of("userId", "must be a demo user u001..u200"));
        }
        return call(() -> products.load(sku, user));
    }

    @GET
    @Path("cart")
    public CartView cart(@CookieParam(Cart.COOKIE) String cookie) {
        return carts.view(Cart.parse(cookie));
    }

    @POST
    @Path("cart/items")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addToCart(@CookieParam(Cart.COOKIE) String cookie, CartItem item) {
        if (item == null) {
            throw ApiException.badRequest("A JSON body {\"sku\", \"quantity\"} is required");
        }
        var errors = new LinkedHashMap<String, String>();
        if (!Cart.isValidSku(item.sku())) {
            errors.put("sku", "must be a catalog SKU like AUD-0001");
        }
        if (item.quantity() == null || !Cart.isValidQuantity(item.quantity())) {
            errors.put("quantity", "must be between 1 and " + Cart.MAX_QUANTITY);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        var cart = Cart.parse(cookie);
        if (!cart.add(item.sku(), item.quantity())) {
            throw ApiException.conflict(
                    "The cart already holds " + Cart.MAX_LINES + " different items",
                    Map.of("maxLines", Cart.MAX_LINES));
        }
        return Response.ok(carts.view(cart))
                .header("Set-Cookie", CartService.setCookie(cart))
                .build();
    }

    @POST
    @Path("orders")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> placeOrder(@HeaderParam("Idempotency-Key") String key, OrderRequest request) {
        var idempotencyKey = IdempotencyKey.parse(key); // 400 when missing or malformed: order-service's own rule
        if (request == null) {
            throw ApiException.badRequest("A JSON body {\"items\", \"customer\", \"payment\"} is required");
        }
        // non-blocking: no worker thread waits while order-service runs its saga (issue 11, item 18)
        return orders.place(idempotencyKey, request).handle((placed, failure) -> {
            if (failure == null) {
                return Response.status(placed.status()).entity(placed.order()).build();
            }
            var cause = DependencyCalls.unwrap(failure);
            if (cause instanceof OrderRejectedException e) {
                var title = e.member("title") == null ? "Order rejected" : e.member("title");
                var extensions = new LinkedHashMap<>(e.problem());
                extensions.keySet().removeAll(java.util.Set.of("type", "title", "status", "detail", "instance"));
                throw new ApiException(
                        e.status(), title, e.member("detail") == null ? title : e.member("detail"), extensions);
            }
            throw asProblem(cause instanceof RuntimeException r ? r : new IllegalStateException(cause));
        });
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw asProblem(e);
        }
    }

    /** A client's exception as the problem the API answers; anything unexpected unchanged (a 500 problem). */
    private static RuntimeException asProblem(RuntimeException e) {
        if (e instanceof UnknownResourceException unknown) {
            return ApiException.notFound(unknown.what(), unknown.id());
        }
        if (e instanceof RequestRefusedException refused) {
            // the caller's fault, not an outage: said as a 4xx, never as "try again later"
            return new ApiException(
                    refused.status(),
                    "Request refused",
                    refused.dependency() + " refused this request (HTTP " + refused.status() + ")",
                    Map.of("dependency", refused.dependency()));
        }
        if (e instanceof DependencyUnavailableException down) {
            return new ApiException(
                    503,
                    "Service unavailable",
                    down.dependency() + " is not answering right now; try again shortly",
                    Map.of("dependency", down.dependency()));
        }
        return e;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
