package dev.resilientshop.productpage.cart;

import dev.resilientshop.productpage.catalog.InventoryClient;
import dev.resilientshop.productpage.catalog.Product;
import dev.resilientshop.productpage.product.Price;
import dev.resilientshop.productpage.product.PriceList;
import dev.resilientshop.productpage.product.PricingClient;
import dev.resilientshop.productpage.web.DependencyUnavailableException;
import dev.resilientshop.productpage.web.Money;
import dev.resilientshop.productpage.web.Outbound;
import dev.resilientshop.productpage.web.UnknownResourceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fills a cart's lines with names (inventory, one call per line, all at once) and prices
 * (pricing, one batch call), in parallel. A cart page must survive either being down: the
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
        var products = new LinkedHashMap<String, CompletableFuture<Product>>();
        skus.forEach(sku -> products.put(sku, inventory.product(sku).toCompletableFuture()));

        var priceBySku = new HashMap<String, Price>();
        boolean pricesUnavailable = false;
        try {
            PriceList list = Outbound.await(prices);
            list.items().forEach(p -> priceBySku.put(p.sku(), p));
        } catch (RuntimeException e) {
            pricesUnavailable = true;
        }
        boolean namesUnavailable = false;
        var out = new ArrayList<CartView.Line>();
        long subtotal = 0;
        for (var line : lines) {
            String name = line.sku();
            boolean unknown = false;
            try {
                name = Outbound.await(products.get(line.sku())).name();
            } catch (UnknownResourceException e) {
                unknown = true;
            } catch (DependencyUnavailableException e) {
                namesUnavailable = true;
            }
            var price = priceBySku.get(line.sku());
            Integer unit = price == null ? null : price.priceCents();
            Long total = unit == null ? null : (long) unit * line.quantity();
            if (total != null && !unknown) {
                subtotal += total;
            }
            out.add(new CartView.Line(line.sku(), name, "/img/" + line.sku() + ".svg", line.quantity(), unit,
                    unit == null ? null : Money.format(unit), total, total == null ? null : Money.format(total), unknown));
        }
        var degraded = new ArrayList<String>();
        if (namesUnavailable) {
            degraded.add("inventory");
        }
        if (pricesUnavailable) {
            degraded.add("pricing");
        }
        return new CartView(out, cart.itemCount(), pricesUnavailable ? null : subtotal,
                pricesUnavailable ? null : Money.format(subtotal), pricesUnavailable, namesUnavailable, degraded);
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
