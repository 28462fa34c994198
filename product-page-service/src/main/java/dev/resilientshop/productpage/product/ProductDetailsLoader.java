package dev.resilientshop.productpage.product;

import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.productpage.dependency.DependencyCalls;
import dev.resilientshop.productpage.dependency.DependencyUnavailableException;
import dev.resilientshop.productpage.dependency.RequestRefusedException;
import dev.resilientshop.productpage.dependency.UnknownResourceException;
import dev.resilientshop.productpage.inventory.InventoryClient;
import dev.resilientshop.productpage.inventory.Stock;
import dev.resilientshop.productpage.pricing.Price;
import dev.resilientshop.productpage.pricing.PricingClient;
import dev.resilientshop.productpage.recommendations.Recommendations;
import dev.resilientshop.productpage.recommendations.RecommendationsClient;
import dev.resilientshop.resilience.fallback.Served;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Gathers a product page: product, stock, price and recommendations are requested AT ONCE and
 * awaited together, so the page costs the slowest call, not the sum of four (seed 002's page
 * budget has no room for four sequential round trips). Each call is bounded by the page's
 * deadline and comes back either from its service or from its fallback, with the source
 * ({@link Served}): that is how the page knows to say "Stock counts may lag by up to 2 minutes".
 * Only the product itself is required (from inventory or its snapshot); any other part that
 * fails is left out. Both are named in {@link ProductDetails#degraded()}.
 *
 * <p>Naive mode has no fallback of any kind, and leaving a failed part out is one: there, a
 * dependency that fails fails the whole page (503), as in the seeds' "before" pictures (seed 000:
 * recommendations down took the product page down).
 */
@ApplicationScoped
public class ProductDetailsLoader {

    private static final Logger LOG = Logger.getLogger(ProductDetailsLoader.class);
    static final int RECOMMENDATIONS_SHOWN = 6;

    private final InventoryClient inventory;
    private final PricingClient pricing;
    private final RecommendationsClient recommendations;
    private final ResilienceMode mode;

    ProductDetailsLoader(
            InventoryClient inventory,
            PricingClient pricing,
            RecommendationsClient recommendations,
            ResilienceMode mode) {
        this.mode = mode;
        this.inventory = inventory;
        this.pricing = pricing;
        this.recommendations = recommendations;
    }

    /**
     * @throws UnknownResourceException when inventory does not know the SKU
     * @throws DependencyUnavailableException when neither inventory nor its snapshot can say what the
     *         product is, or, in naive mode, when any of the four calls failed that way
     */
    public ProductDetails load(String sku, String userId) {
        var product = settle(inventory.productServed(sku));
        var stock = settle(inventory.stockServed(sku));
        var price = settle(pricing.priceServed(sku));
        var recs = settle(recommendations.forProductServed(sku, userId, RECOMMENDATIONS_SHOWN));
        CompletableFuture.allOf(product, stock, price, recs).join();

        var productResult = product.join();
        if (productResult.failure() != null) {
            throw productResult.failure();
        }
        if (mode.isNaive()) {
            for (var part : List.of(stock.join(), price.join(), recs.join())) {
                if (part.failure() instanceof DependencyUnavailableException down) {
                    throw down;
                }
            }
        }
        var degraded = new LinkedHashSet<String>();
        var fallbacks = new LinkedHashMap<String, String>();
        for (var part : List.of(productResult, stock.join(), price.join(), recs.join())) {
            if (part.failure() != null) {
                LOG.debugf("product page %s degraded: %s", sku, part.failure().getMessage());
                degraded.add(dependencyOf(part.failure()));
            } else if (part.served().degraded()) {
                degraded.add(part.dependency());
                fallbacks.put(part.dependency(), part.served().source());
            }
        }
        Stock stockValue = value(stock.join());
        Price priceValue = value(price.join());
        Recommendations recsValue = value(recs.join());
        if (recsValue == null) {
            recsValue = new Recommendations(sku, userId, "unavailable", List.of());
        }
        Long snapshotAge = InventoryClient.SNAPSHOT.equals(fallbacks.get("inventory")) ? snapshotAge() : null;
        Long priceAge =
                PricingClient.LAST_KNOWN.equals(fallbacks.get("pricing")) ? pricing.lastKnownAgeSeconds() : null;
        return new ProductDetails(
                productResult.served().value(),
                stockValue,
                priceValue,
                recsValue,
                new ArrayList<>(degraded),
                fallbacks,
                snapshotAge,
                priceAge);
    }

    private Long snapshotAge() {
        try {
            return inventory.snapshotAgeSeconds();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static <T> T value(Settled<T> settled) {
        return settled.failure() == null ? settled.served().value() : null;
    }

    private static String dependencyOf(RuntimeException failure) {
        if (failure instanceof DependencyUnavailableException down) {
            return down.dependency();
        }
        if (failure instanceof RequestRefusedException refused) {
            return refused.dependency();
        }
        return failure instanceof UnknownResourceException unknown && "Price".equals(unknown.what())
                ? "pricing"
                : failure instanceof UnknownResourceException ? "inventory" : "unknown";
    }

    private static <T> CompletableFuture<Settled<T>> settle(CompletionStage<Served<T>> stage) {
        return stage.handle((served, failure) ->
                        failure == null ? new Settled<T>(served, null) : new Settled<T>(null, asRuntime(failure)))
                .toCompletableFuture();
    }

    private static RuntimeException asRuntime(Throwable t) {
        var cause = DependencyCalls.unwrap(t);
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }

    /** A call's outcome: exactly one of served and failure is set. */
    private record Settled<T>(Served<T> served, RuntimeException failure) {

        /** The dependency a fallback stood in for: inventory sources are "inventory"/"snapshot", etc. */
        String dependency() {
            return switch (served.source()) {
                case InventoryClient.SNAPSHOT -> "inventory";
                case PricingClient.LAST_KNOWN -> "pricing";
                default -> "recommendations";
            };
        }
    }
}
