package dev.resilientshop.productpage.cart;

import dev.resilientshop.productpage.dependency.DependencyCalls;
import dev.resilientshop.productpage.inventory.InventoryClient;
import dev.resilientshop.productpage.inventory.Product;
import dev.resilientshop.productpage.page.Money;
import dev.resilientshop.productpage.pricing.Price;
import dev.resilientshop.productpage.pricing.PriceList;
import dev.resilientshop.productpage.pricing.PricingClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Fills a cart's lines with names (inventory) and prices (pricing), one batch call each, in
 * parallel: a 50-line cart is two calls, not 51 (issue 11 found a 50-line cookie fanning out
 * into 50 inventory reads a view). A cart page must survive either being down: the
 * lines are in the cookie, so they are always shown.
 */
@ApplicationScoped
public class CartService {

    static final int COOKIE_DAYS = 30;

    private final InventoryClient inventory;
    private final PricingClient pricing;

    CartService(InventoryClient inventory, PricingClient pricing) {
        this.inventory = inventory;
        this.pricing = pricing;
    }

    public CartView view(Cart cart) {
        var lines = cart.lines();
        var skus = lines.stream().map(Cart.Line::sku).toList();
        var prices = pricing.prices(skus).toCompletableFuture();
        var products = inventory.products(skus).toCompletableFuture();

        var priceBySku = new HashMap<String, Price>();
        boolean pricesUnavailable = false;
        try {
            PriceList list = DependencyCalls.await(prices);
            list.items().forEach(p -> priceBySku.put(p.sku(), p));
        } catch (RuntimeException e) {
            pricesUnavailable = true;
        }
        Map<String, Product> productBySku = null;
        try {
            productBySku = DependencyCalls.await(products).stream()
                    .collect(Collectors.toMap(Product::sku, p -> p, (a, b) -> a));
        } catch (RuntimeException e) {
            // names are a nicety: without them the lines show their SKUs
        }
        boolean namesUnavailable = productBySku == null;
        var out = new ArrayList<CartView.Line>();
        long subtotal = 0;
        for (var line : lines) {
            var product = namesUnavailable ? null : productBySku.get(line.sku());
            boolean unknown = !namesUnavailable && product == null;
            String name = product == null ? line.sku() : product.name();
            var price = priceBySku.get(line.sku());
            Integer unit = price == null ? null : price.priceCents();
            Long total = unit == null ? null : (long) unit * line.quantity();
            if (total != null && !unknown) {
                subtotal += total;
            }
            out.add(new CartView.Line(
                    line.sku(),
                    name,
                    "/img/" + line.sku() + ".svg",
                    line.quantity(),
                    unit,
                    unit == null ? null : Money.format(unit),
                    total,
                    total == null ? null : Money.format(total),
                    unknown));
        }
        var degraded = new ArrayList<String>();
        if (namesUnavailable) {
            degraded.add("inventory");
        }
        if (pricesUnavailable) {
            degraded.add("pricing");
        }
        return new CartView(
                out,
                cart.itemCount(),
                pricesUnavailable ? null : subtotal,
                pricesUnavailable ? null : Money.format(subtotal),
                pricesUnavailable,
                namesUnavailable,
                degraded);
    }

    /**
     * The {@code Set-Cookie} header that stores this cart (or deletes it when empty). Written by
     * hand because JAX-RS quotes values containing {@code :}, and the value is already validated
     * down to SKUs, digits, {@code :} and {@code |}, all legal cookie octets (RFC 6265).
     */
    public static String setCookie(Cart cart) {
        var maxAge = cart.isEmpty() ? 0 : COOKIE_DAYS * 24 * 3600;
        return Cart.COOKIE + "=" + cart.encode() + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax";
    }
}
