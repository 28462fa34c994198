package dev.resilientshop.inventory.catalog;

import dev.resilientshop.inventory.Replica;
import dev.resilientshop.inventory.stock.StockResource;
import dev.resilientshop.kit.problem.ApiException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** The catalog: categories, a filtered and paged product list, a batch of products by SKU, and one product by SKU. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    public record CategoryView(String slug, String name, int productCount) {}

    public record ProductPage(List<Product> items, int total, int page, int size, String servedBy) {}

    static final int MAX_PAGE_SIZE = 100;
    static final int MAX_QUERY_LENGTH = 100;
    static final int MAX_BATCH = 100;

    private final CatalogRepository catalog;
    private final Replica replica;

    CatalogResource(CatalogRepository catalog, Replica replica) {
        this.catalog = catalog;
        this.replica = replica;
    }

    @GET
    @Path("categories")
    public List<CategoryView> categories() throws SQLException {
        return catalog.categories().stream()
                .map(c -> new CategoryView(c.slug(), c.name(), c.productCount()))
                .toList();
    }

    @GET
    @Path("products")
    public ProductPage products(
            @QueryParam("category") String category,
            @QueryParam("q") String query,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("24") int size,
            @QueryParam("skus") String skus)
            throws SQLException {
        if (skus != null) {
            return batch(skus);
        }
        if (page < 0) {
            throw ApiException.badRequest("page must be >= 0, but was " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("size must be in [1, " + MAX_PAGE_SIZE + "], but was " + size);
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            // the OFFSET would wrap to a negative int, which PostgreSQL refuses (a 500 before)
            throw ApiException.badRequest("page " + page + " of size " + size + " lies beyond any catalog");
        }
        requirePrintable("q", query);
        requirePrintable("category", category);
        var q = query == null || query.isBlank() ? null : query.strip();
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw ApiException.badRequest("q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        var cat = category == null || category.isBlank() ? null : category;
        var result = catalog.search(cat, q, page, size);
        return new ProductPage(
                result.items().stream().map(this::view).toList(), result.total(), page, size, replica.name());
    }

    /**
     * {@code ?skus=A,B,C}: the named products in one query (a cart view reads its lines this way
     * instead of one call per line). Unknown SKUs are left out; at most {@value #MAX_BATCH}.
     */
    private ProductPage batch(String skus) throws SQLException {
        var list = Arrays.stream(skus.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
        if (list.isEmpty()) {
            throw ApiException.badRequest("skus must name at least one SKU, such as AUD-0001,CAM-0002");
        }
        if (list.size() > MAX_BATCH) {
            throw ApiException.badRequest("at most " + MAX_BATCH + " skus per request, but got " + list.size());
        }
        var bad = list.stream()
                .filter(s -> !StockResource.SKU.matcher(s).matches())
                .findFirst();
        if (bad.isPresent()) {
            throw ApiException.badRequest("'" + bad.get() + "' is not a SKU (expected like AUD-0001)");
        }
        var items = catalog.findAll(list).stream().map(this::view).toList();
        return new ProductPage(items, items.size(), 0, items.size(), replica.name());
    }

    @GET
    @Path("products/{sku}")
    public Product product(@PathParam("sku") String sku) throws SQLException {
        if (!dev.resilientshop.inventory.stock.StockResource.SKU.matcher(sku).matches()) {
            throw ApiException.notFound("Product", sku); // no such SKU; and NUL would make PostgreSQL answer an error
        }
        return catalog.find(sku).map(this::view).orElseThrow(() -> ApiException.notFound("Product", sku));
    }

    /** PostgreSQL refuses NUL in text (a 500 before); no search term or category has a control character. */
    static void requirePrintable(String name, String value) {
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(name + " must not contain control characters");
        }
    }

    private Product view(CatalogRepository.ProductRow r) {
        return new Product(
                r.sku(),
                r.name(),
                r.description(),
                r.category(),
                r.categoryName(),
                r.imageUrl(),
                r.available(),
                replica.name());
    }
}
