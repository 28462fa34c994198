package dev.resilientshop.inventory.catalog;

import dev.resilientshop.kit.db.QueryBudget;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the catalog. Every query is parameterised; the search uses position() so user text is never a pattern. */
@ApplicationScoped
public class CatalogRepository {

    public record CategoryRow(String slug, String name, int productCount) {}

    public record ProductRow(
            String sku,
            String name,
            String description,
            String category,
            String categoryName,
            String imageUrl,
            int available) {}

    public record Page(List<ProductRow> items, int total) {}

    private static final String SELECT_PRODUCT = """
            select p.sku, p.name, p.description, p.category, c.name as category_name, p.image_url, s.available
              from products p
              join categories c on c.slug = p.category
              join stock s on s.sku = p.sku
            """;

    /** Matches everything when the parameter is null, so one statement serves every filter combination. */
    private static final String FILTER = """
             where (cast(? as text) is null or p.category = ?)
               and (cast(? as text) is null or position(lower(?) in lower(p.name || ' ' || p.description)) > 0)
            """;

    private final DataSource dataSource;
    private final QueryBudget budget;

    CatalogRepository(DataSource dataSource, QueryBudget budget) {
        this.budget = budget;
        this.dataSource = dataSource;
    }

    public List<CategoryRow> categories() throws SQLException {
        try (var c = budget.connection(dataSource);
                var st = c.prepareStatement("""
                     select c.slug, c.name, count(p.sku) as n
                       from categories c left join products p on p.category = c.slug
                      group by c.slug, c.name, c.position order by c.position
                     """);
                var rs = st.executeQuery()) {
            var out = new ArrayList<CategoryRow>();
            while (rs.next()) {
                out.add(new CategoryRow(rs.getString(1), rs.getString(2), rs.getInt(3)));
            }
            return out;
        }
    }

    public Page search(String category, String query, int page, int size) throws SQLException {
        try (var c = budget.connection(dataSource);
                var count = c.prepareStatement("select count(*) from products p" + FILTER);
                var list = c.prepareStatement(SELECT_PRODUCT + FILTER + " order by p.sku limit ? offset ?")) {
            bindFilter(count, category, query);
            int total;
            try (var rs = count.executeQuery()) {
                rs.next();
                total = rs.getInt(1);
            }
            bindFilter(list, category, query);
            list.setInt(5, size);
            list.setInt(6, page * size);
            return new Page(readAll(list), total);
        }
    }

    public Optional<ProductRow> find(String sku) throws SQLException {
        try (var c = budget.connection(dataSource);
                var st = c.prepareStatement(SELECT_PRODUCT + " where p.sku = ?")) {
            st.setString(1, sku);
            return readAll(st).stream().findFirst();
        }
    }

    /** The named products (unknown SKUs left out), in SKU order. */
    public List<ProductRow> findAll(List<String> skus) throws SQLException {
        try (var c = budget.connection(dataSource);
                var st = c.prepareStatement(SELECT_PRODUCT + " where p.sku = any (?) order by p.sku")) {
            st.setArray(1, c.createArrayOf("text", skus.toArray()));
            return readAll(st);
        }
    }

    /** Every product with its stock: what the Redis snapshot holds. */
    public List<ProductRow> all() throws SQLException {
        try (var c = budget.connection(dataSource);
                var st = c.prepareStatement(SELECT_PRODUCT + " order by p.sku")) {
            return readAll(st);
        }
    }

    private static void bindFilter(PreparedStatement st, String category, String query) throws SQLException {
        st.setString(1, category);
        st.setString(2, category);
        st.setString(3, query);
        st.setString(4, query);
    }

    private static List<ProductRow> readAll(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            var out = new ArrayList<ProductRow>();
            while (rs.next()) {
                out.add(new ProductRow(
                        rs.getString("sku"),
                        rs.getString("name"),
                        rs.getString("description"),
                        rs.getString("category"),
                        rs.getString("category_name"),
                        rs.getString("image_url"),
                        rs.getInt("available")));
            }
            return out;
        }
    }
}
