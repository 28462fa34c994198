package dev.resilientshop.recommendations.recommendation;

import dev.resilientshop.kit.db.QueryBudget;
import dev.resilientshop.recommendations.item.Recommendation;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Purchase history: what was bought together, and what each user bought. */
@ApplicationScoped
class PurchaseRepository {

    /**
     * One query over the {@code co_purchases} primary key: the partners of the product itself
     * count fully, partners of the user's past purchases count {@code ?} times; products already
     * bought and the product itself are left out.
     */
    private static final String CO_PURCHASED = """
            SELECT c.other_sku, i.name, i.category,
                   SUM(c.count * CASE WHEN c.sku = ? THEN 1.0 ELSE CAST(? AS DOUBLE PRECISION) END) AS score
            FROM co_purchases c
            JOIN items i ON i.sku = c.other_sku
            WHERE c.sku = ANY (?) AND NOT (c.other_sku = ANY (?))
            GROUP BY c.other_sku, i.name, i.category
            ORDER BY score DESC, c.other_sku
            LIMIT ?
            """;

    private static final String BOUGHT_BY = "SELECT sku FROM user_purchases WHERE user_id = ? ORDER BY sku";

    private final DataSource dataSource;
    private final QueryBudget budget;

    PurchaseRepository(DataSource dataSource, QueryBudget budget) {
        this.budget = budget;
        this.dataSource = dataSource;
    }

    List<String> boughtBy(String userId) {
        try (var conn = budget.connection(dataSource);
                var ps = conn.prepareStatement(BOUGHT_BY)) {
            ps.setString(1, userId);
            var skus = new ArrayList<String>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    skus.add(rs.getString(1));
                }
            }
            return skus;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read purchases", e);
        }
    }

    /**
     * Products bought together with {@code sku}, blended with those bought together with
     * {@code history} at {@code historyWeight}, best first; {@code sku} and {@code history}
     * themselves never appear.
     */
    List<Recommendation> boughtTogether(String sku, List<String> history, double historyWeight, int limit) {
        var sources = new ArrayList<String>(history.size() + 1);
        sources.add(sku);
        sources.addAll(history);
        try (var conn = budget.connection(dataSource);
                var ps = conn.prepareStatement(CO_PURCHASED)) {
            var array = conn.createArrayOf("varchar", sources.toArray());
            ps.setString(1, sku);
            ps.setDouble(2, historyWeight);
            ps.setArray(3, array);
            ps.setArray(4, array);
            ps.setInt(5, limit);
            var out = new ArrayList<Recommendation>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Recommendation(
                            rs.getString("other_sku"),
                            rs.getString("name"),
                            rs.getString("category"),
                            rs.getDouble("score")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read co-purchases", e);
        }
    }
}
