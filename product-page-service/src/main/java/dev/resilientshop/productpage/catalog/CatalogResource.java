package dev.resilientshop.productpage.catalog;

import dev.resilientshop.kit.catalog.Category;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.productpage.dependency.DependencyCalls;
import dev.resilientshop.productpage.dependency.DependencyUnavailableException;
import dev.resilientshop.productpage.inventory.CategoryCount;
import dev.resilientshop.productpage.inventory.InventoryClient;
import dev.resilientshop.productpage.inventory.Product;
import dev.resilientshop.productpage.inventory.ProductListing;
import dev.resilientshop.productpage.page.Chrome;
import dev.resilientshop.productpage.page.PageException;
import dev.resilientshop.productpage.pricing.PriceList;
import dev.resilientshop.productpage.pricing.PricingClient;
import dev.resilientshop.productpage.recommendations.Recommendation;
import dev.resilientshop.productpage.recommendations.RecommendationsClient;
import dev.resilientshop.resilience.fallback.Served;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Home, category listings and search. Home degrades rather than fails (categories fall back to
 * shop-kit's list without counts, popular items to recommendations' fallback or a note). A
 * listing comes from inventory or, while inventory fails, from the Redis stock snapshot under seed
 * 002's stock banner ({@link InventoryClient#productsServed}); with neither it is a 503 page. It
 * shows products without prices when only pricing is down.
 *
 * <p>Naive mode has no fallback of any kind, and leaving a failed part out is one: there any
 * dependency that fails fails the page with the 503 the product page answers
 * ({@link #failInNaiveMode}), as in the seeds' "before" pictures (seed 000: recommendations down
 * took the pages down).
 */
@Path("/")
@Blocking
@Produces(MediaType.TEXT_HTML)
class CatalogResource {

    static final int POPULAR_SHOWN = 8;

    private final InventoryClient inventory;
    private final PricingClient pricing;
    private final RecommendationsClient recommendations;
    private final Template home;
    private final Template listing;
    private final Chrome.Factory chrome;
    private final ResilienceMode mode;

    CatalogResource(
            InventoryClient inventory,
            PricingClient pricing,
            RecommendationsClient recommendations,
            @Location("catalog/home.html") Template home,
            @Location("catalog/listing.html") Template listing,
            Chrome.Factory chrome,
            ResilienceMode mode) {
        this.inventory = inventory;
        this.pricing = pricing;
        this.recommendations = recommendations;
        this.home = home;
        this.listing = listing;
        this.chrome = chrome;
        this.mode = mode;
    }

    @GET
    public TemplateInstance home() {
        var categories = inventory.categories().toCompletableFuture();
        var popular = recommendations.popular(POPULAR_SHOWN).toCompletableFuture();
        List<CategoryCount> cards;
        boolean countsUnavailable = false;
        try {
            cards = DependencyCalls.await(categories);
        } catch (RuntimeException e) {
            failInNaiveMode(e);
            cards = Category.ALL.stream()
                    .map(c -> new CategoryCount(c.slug(), c.name(), null))
                    .toList();
            countsUnavailable = true;
        }
        List<Recommendation> popularItems;
        try {
            popularItems = DependencyCalls.await(popular).items();
        } catch (RuntimeException e) {
            failInNaiveMode(e);
            popularItems = null;
        }
        return home.data("categories", cards)
                .data("countsUnavailable", countsUnavailable)
                .data("popular", popularItems)
                .data("chrome", chrome.current());
    }

    @GET
    @Path("c/{category}")
    public TemplateInstance category(
            @PathParam("category") String slug, @QueryParam("page") @DefaultValue("1") String page) {
        var category = Category.bySlug(slug);
        if (category == null) {
            throw PageException.notFound("We do not have a category called " + slug + ".");
        }
        var view = load(category.slug(), null, pageNumber(page), "/c/" + category.slug());
        return listing.data("heading", category.name())
                .data("listing", view)
                .data("query", null)
                .data("chrome", chrome.current().withCategory(category.slug()));
    }

    @GET
    @Path("search")
    public TemplateInstance search(@QueryParam("q") String q, @QueryParam("page") @DefaultValue("1") String page) {
        var query = q == null ? "" : q.strip();
        if (query.length() > 100) {
            query = query.substring(0, 100);
        }
        Listing view = query.isEmpty()
                ? null
                : load(null, query, pageNumber(page), "/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        return listing.data("heading", query.isEmpty() ? "Search" : "Results for “" + query + "”")
                .data("listing", view)
                .data("query", query)
                .data("chrome", chrome.current().withQuery(query));
    }

    private Listing load(String category, String q, int page, String baseUrl) {
        Served<ProductListing> served;
        try {
            served = DependencyCalls.await(inventory.productsServed(category, q, page - 1, ProductListing.PAGE_SIZE));
        } catch (RuntimeException e) {
            throw PageException.from(e);
        }
        var products = served.value();
        boolean fromSnapshot = InventoryClient.SNAPSHOT.equals(served.source());
        PriceList prices;
        try {
            prices = DependencyCalls.await(
                    pricing.prices(products.items().stream().map(Product::sku).toList()));
        } catch (RuntimeException e) {
            failInNaiveMode(e);
            prices = null;
        }
        return Listing.of(
                products, prices, ProductListing.PAGE_SIZE, baseUrl, fromSnapshot, fromSnapshot ? snapshotAge() : null);
    }

    /**
     * In naive mode a part whose dependency failed is not left out: the page answers the 503 the
     * product page answers ({@link PageException#from}: the HTML error page naming the dependency,
     * with {@code Retry-After}), as {@link dev.resilientshop.productpage.product.ProductDetailsLoader}
     * does. A refusal that is our fault (a 4xx) says nothing about the dependency and is left out
     * as in resilient mode.
     */
    private void failInNaiveMode(RuntimeException e) {
        if (mode.isNaive() && e instanceof DependencyUnavailableException) {
            throw PageException.from(e);
        }
    }

    private Long snapshotAge() {
        try {
            return inventory.snapshotAgeSeconds();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int pageNumber(String page) {
        try {
            return Math.max(1, Math.min(1_000, Integer.parseInt(page)));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
