package dev.resilientshop.recommendations.item;

import dev.resilientshop.kit.db.QueryBudget;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Items by SKU and by popularity; each query is served by an index on {@code items}. */
@ApplicationScoped
public class ItemRepository {

    private static final String COLUMNS = "SELECT sku, name, category, popularity FROM items ";

    private final DataSource dataSource;
    private final QueryBudget budget;

    ItemRepository(DataSource dataSource, QueryBudget budget) {
        this.budget = budget;
        this.dataSource = dataSource;
    }

    public Optional<Item> find(String sku) {
        return query(COLUMNS + "WHERE sku = ?", (conn, ps) -> ps.setString(1, sku)).stream()
                .findFirst();
    }

    /** The most popular items, best first. */
    public List<Item> popular(int limit) {
        return query(COLUMNS + "ORDER BY popularity DESC, sku LIMIT ?", (conn, ps) -> ps.setInt(1, limit));
    }

    /** The most popular items of a category, leaving out {@code excluded}. */
    public List<Item> popularIn(String category, Collection<String> excluded, int limit) {
        return query(
                COLUMNS + "WHERE category = ? AND NOT (sku = ANY (?)) ORDER BY popularity DESC, sku LIMIT ?",
                (conn, ps) -> {
                    ps.setString(1, category);
                    ps.setArray(2, conn.createArrayOf("varchar", excluded.toArray()));
                    ps.setInt(3, limit);
                });
    }

    /** The most popular items of any category, leaving out {@code excluded}. */
    public List<Item> popularExcept(Collection<String> excluded, int limit) {
        return query(COLUMNS + "WHERE NOT (sku = ANY (?)) ORDER BY popularity DESC, sku LIMIT ?", (conn, ps) -> {
            ps.setArray(1, conn.createArrayOf("varchar", excluded.toArray()));
            ps.setInt(2, limit);
        });
    }

    private interface Binder {
        void bind(Connection conn, PreparedStatement ps) throws SQLException;
    }

    private List<Item> query(String sql, Binder binder) {
        try (var conn = budget.connection(dataSource);
                var ps = conn.prepareStatement(sql)) {
            binder.bind(conn, ps);
            var out = new ArrayList<Item>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Item(
                            rs.getString("sku"),
                            rs.getString("name"),
                            rs.getString("category"),
                            rs.getInt("popularity")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read items", e);
        }
    }
}
