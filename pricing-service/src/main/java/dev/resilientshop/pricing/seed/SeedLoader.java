package dev.resilientshop.pricing.seed;

import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.kit.catalog.SeedProduct;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Loads pricing's slice of the seed catalog (list prices and promotions) at start-up, from
 * shop-kit rather than from another service, so pricing can start while inventory is down.
 * {@code ON CONFLICT DO NOTHING} makes a restart a no-op: promotions keep the window of the first
 * load (active from then on for {@link #PROMOTION_LENGTH}).
 */
@ApplicationScoped
class SeedLoader {

    /** Runs before anything that reads prices at start-up (the last-known-prices publication). */
    static final int PRIORITY = 10;

    static final Duration PROMOTION_LENGTH = Duration.ofDays(365);

    private static final Logger LOG = Logger.getLogger(SeedLoader.class);
    private static final String INSERT_PRICE =
            "INSERT INTO prices (sku, list_cents, currency) VALUES (?, ?, 'EUR') ON CONFLICT (sku) DO NOTHING";
    private static final String INSERT_PROMOTION = """
            INSERT INTO promotions (id, sku, percent_off, label, starts_at, ends_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""";

    private final DataSource dataSource;
    private final Clock clock;

    SeedLoader(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) throws SQLException {
        var from = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        var until = from.plus(PROMOTION_LENGTH);
        int prices = 0;
        int promotions = 0;
        try (var conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try (var price = conn.prepareStatement(INSERT_PRICE);
                    var promo = conn.prepareStatement(INSERT_PROMOTION)) {
                for (SeedProduct p : CatalogSeed.products()) {
                    price.setString(1, p.sku());
                    price.setInt(2, p.listPriceCents());
                    price.addBatch();
                    prices++;
                }
                price.executeBatch();
                for (SeedProduct p : CatalogSeed.products()) {
                    if (p.promotionPercent() == 0) {
                        continue;
                    }
                    promo.setString(1, "seed-" + p.sku());
                    promo.setString(2, p.sku());
                    promo.setInt(3, p.promotionPercent());
                    promo.setString(4, p.promotionPercent() + "% off");
                    promo.setObject(5, from);
                    promo.setObject(6, until);
                    promo.addBatch();
                    promotions++;
                }
                promo.executeBatch();
                conn.commit();
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            }
        }
        LOG.infof("Seed checked: %d prices, %d promotions (existing rows kept)", prices, promotions);
    }
}
