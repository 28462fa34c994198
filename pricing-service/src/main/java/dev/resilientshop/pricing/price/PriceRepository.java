package dev.resilientshop.pricing.price;

import dev.resilientshop.kit.db.QueryBudget;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Prices joined with the best promotion active at a given instant, one indexed query per call.
 * When two promotions overlap the larger discount wins, so a customer never pays more than the
 * shop advertises.
 */
@ApplicationScoped
public class PriceRepository {

    private static final String SELECT = """
            SELECT p.sku, p.currency, p.list_cents, pr.percent_off, pr.label
            FROM prices p
            LEFT JOIN LATERAL (
                SELECT percent_off, label FROM promotions
                WHERE sku = p.sku AND starts_at <= ? AND ends_at > ?
                ORDER BY percent_off DESC, id
                LIMIT 1) pr ON TRUE
            """;
    private static final String BY_SKUS = SELECT + " WHERE p.sku = ANY (?)";
    private static final String ALL = SELECT + " ORDER BY p.sku";

    private final DataSource dataSource;
    private final QueryBudget budget;

    PriceRepository(DataSource dataSource, QueryBudget budget) {
        this.budget = budget;
        this.dataSource = dataSource;
    }

    Optional<Price> find(String sku, Instant now) {
        return findAll(List.of(sku), now).stream().findFirst();
    }

    /** Prices of the known SKUs among {@code skus}, in the order of {@code skus}. */
    List<Price> findAll(List<String> skus, Instant now) {
        try (var conn = budget.connection(dataSource);
                var ps = conn.prepareStatement(BY_SKUS)) {
            bindWindow(ps, now);
            ps.setArray(3, conn.createArrayOf("varchar", skus.toArray()));
            Map<String, Price> found = read(ps).stream().collect(Collectors.toMap(Price::sku, Function.identity()));
            return skus.stream().filter(found::containsKey).map(found::get).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read prices", e);
        }
    }

    /** Every price, in SKU order. */
    public List<Price> all(Instant now) {
        try (Connection conn = budget.connection(dataSource);
                var ps = conn.prepareStatement(ALL)) {
            bindWindow(ps, now);
            return read(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read prices", e);
        }
    }

    private static void bindWindow(PreparedStatement ps, Instant now) throws SQLException {
        var at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        ps.setObject(1, at);
        ps.setObject(2, at);
    }

    private static List<Price> read(PreparedStatement ps) throws SQLException {
        var prices = new ArrayList<Price>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int percent = rs.getInt("percent_off");
                var promotion = rs.wasNull() ? null : new Price.Promotion(percent, rs.getString("label"));
                prices.add(Price.of(
                        rs.getString("sku"), rs.getString("currency").trim(), rs.getInt("list_cents"), promotion));
            }
        }
        return prices;
    }
}
