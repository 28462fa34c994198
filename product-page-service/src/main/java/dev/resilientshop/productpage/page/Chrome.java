package dev.resilientshop.productpage.page;

import dev.resilientshop.kit.catalog.Category;
import dev.resilientshop.productpage.cart.Cart;
import io.quarkus.qute.TemplateData;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every page's frame shows: the category nav, the search box, the cart count, who is
 * browsing and how long the page took. None of it calls a dependency (categories come from
 * shop-kit, the cart from its cookie), so the frame renders even when every service is down.
 */
@TemplateData
public record Chrome(
        List<NavCategory> categories,
        int cartCount,
        String userId,
        String instance,
        String query,
        String activeCategory,
        long startNanos) {

    @TemplateData
    public record NavCategory(String slug, String name) {}

    private static final List<NavCategory> NAV =
            Category.ALL.stream().map(c -> new NavCategory(c.slug(), c.name())).toList();

    /** Evaluated while the footer renders, so it covers the dependency calls and the template itself. */
    public long renderMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public Chrome withQuery(String q) {
        return new Chrome(categories, cartCount, userId, instance, q, activeCategory, startNanos);
    }

    public Chrome withCategory(String slug) {
        return new Chrome(categories, cartCount, userId, instance, query, slug, startNanos);
    }

    @RequestScoped
    public static class Factory {

        private final RoutingContext routing;
        private final String instance;

        Factory(RoutingContext routing, @ConfigProperty(name = "shop.instance") String instance) {
            this.routing = routing;
            this.instance = instance;
        }

        public Chrome current() {
            var cookie = routing.request().getCookie(Cart.COOKIE);
            var cart = Cart.parse(cookie == null ? null : cookie.getValue());
            return new Chrome(
                    NAV,
                    cart.itemCount(),
                    VisitorFilter.userId(routing),
                    instance,
                    "",
                    "",
                    VisitorFilter.startNanos(routing));
        }
    }
}
