package dev.resilientshop.pricing.promotion;

import dev.resilientshop.kit.db.QueryBudget;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Promotions whose window contains a given instant; the best one per SKU, as prices apply it. */
@ApplicationScoped
class PromotionRepository {

    private static final String ACTIVE = """
            SELECT DISTINCT ON (sku) sku, percent_off, label
            FROM promotions
            WHERE starts_at <= ? AND ends_at > ?
            ORDER BY sku, percent_off DESC, id
            """;

    private final DataSource dataSource;
    private final QueryBudget budget;

    PromotionRepository(DataSource dataSource, QueryBudget budget) {
        this.budget = budget;
        this.dataSource = dataSource;
    }

    List<ActivePromotion> active(Instant now) {
        var at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try (var conn = budget.connection(dataSource);
                var ps = conn.prepareStatement(ACTIVE)) {
            ps.setObject(1, at);
            ps.setObject(2, at);
            var out = new ArrayList<ActivePromotion>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ActivePromotion(rs.getString("sku"), rs.getInt("percent_off"), rs.getString("label")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read promotions", e);
        }
    }
}
