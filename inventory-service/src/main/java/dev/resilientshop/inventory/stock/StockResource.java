package dev.resilientshop.inventory.stock;

import dev.resilientshop.inventory.Replica;
import dev.resilientshop.kit.db.QueryBudget;
import dev.resilientshop.kit.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Stock reads: the call the product page makes on every view, and the one the later hedging
 * drill sends to both replicas. It is an idempotent GET, which is what makes hedging it safe.
 */
@Path("/stock")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class StockResource {

    public record StockLevel(String sku, int available) {}

    public record StockOne(String sku, int available, String servedBy) {}

    public record StockBatch(List<StockLevel> items, String servedBy) {}

    public static final Pattern SKU = Pattern.compile("[A-Z]{3}-\\d{4}");
    static final int MAX_BATCH = 100;

    private final DataSource dataSource;
    private final QueryBudget budget;
    private final Replica replica;

    StockResource(DataSource dataSource, Replica replica, QueryBudget budget) {
        this.budget = budget;
        this.dataSource = dataSource;
        this.replica = replica;
    }

    @GET
    @Path("{sku}")
    public StockOne one(@PathParam("sku") String sku) throws SQLException {
        if (!SKU.matcher(sku).matches()) {
            throw ApiException.notFound("Product", sku); // no such SKU; and NUL would make PostgreSQL answer an error
        }
        var levels = load(List.of(sku));
        if (levels.isEmpty()) {
            throw ApiException.notFound("Product", sku);
        }
        return new StockOne(sku, levels.get(0).available(), replica.name());
    }

    @GET
    public StockBatch batch(@QueryParam("skus") String skus) throws SQLException {
        if (skus == null || skus.isBlank()) {
            throw ApiException.badRequest("skus is required: a comma-separated list such as AUD-0001,CAM-0002");
        }
        var list = Arrays.stream(skus.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
        if (list.size() > MAX_BATCH) {
            throw ApiException.badRequest("at most " + MAX_BATCH + " skus per request, but got " + list.size());
        }
        var bad = list.stream().filter(s -> !SKU.matcher(s).matches()).findFirst();
        if (bad.isPresent()) {
            throw ApiException.badRequest("'" + bad.get() + "' is not a SKU (expected like AUD-0001)");
        }
        return new StockBatch(load(list), replica.name());
    }

    private List<StockLevel> load(List<String> skus) throws SQLException {
        try (var c = budget.connection(dataSource);
                var st = c.prepareStatement("select sku, available from stock where sku = any (?) order by sku")) {
            st.setArray(1, c.createArrayOf("text", skus.toArray()));
            try (var rs = st.executeQuery()) {
                var out = new ArrayList<StockLevel>();
                while (rs.next()) {
                    out.add(new StockLevel(rs.getString(1), rs.getInt(2)));
                }
                return out;
            }
        }
    }
}
