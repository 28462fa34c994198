package dev.resilientshop.recommendations.seed;

import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.kit.catalog.PurchaseHistorySeed;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Loads recommendations' slice of the seed (item names, categories and popularity; co-purchase
 * pairs; the demo users' purchases) from shop-kit at start-up, never from another service, so
 * recommendations can start while inventory is down. {@code ON CONFLICT DO NOTHING} makes a
 * restart a no-op.
 */
@ApplicationScoped
class SeedLoader {

    private static final Logger LOG = Logger.getLogger(SeedLoader.class);
    private static final String INSERT_ITEM = """
            INSERT INTO items (sku, name, category, popularity) VALUES (?, ?, ?, ?)
            ON CONFLICT (sku) DO NOTHING""";
    private static final String INSERT_CO_PURCHASE = """
            INSERT INTO co_purchases (sku, other_sku, count) VALUES (?, ?, ?)
            ON CONFLICT (sku, other_sku) DO NOTHING""";
    private static final String INSERT_USER_PURCHASE = """
            INSERT INTO user_purchases (user_id, sku) VALUES (?, ?)
            ON CONFLICT (user_id, sku) DO NOTHING""";

    private final DataSource dataSource;

    SeedLoader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Before the popular items are first published (priority 20). */
    void onStart(@Observes @Priority(10) StartupEvent event) throws SQLException {
        try (var conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try {
                int items = loadItems(conn);
                int pairs = loadCoPurchases(conn);
                int purchases = loadUserPurchases(conn);
                conn.commit();
                LOG.infof(
                        "Seed checked: %d items, %d co-purchase rows, %d user purchases (existing rows kept)",
                        items, pairs, purchases);
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            }
        }
    }

    private static int loadItems(Connection conn) throws SQLException {
        try (var ps = conn.prepareStatement(INSERT_ITEM)) {
            for (var p : CatalogSeed.products()) {
                ps.setString(1, p.sku());
                ps.setString(2, p.name());
                ps.setString(3, p.category());
                ps.setInt(4, p.popularity());
                ps.addBatch();
            }
            return ps.executeBatch().length;
        }
    }

    private static int loadCoPurchases(Connection conn) throws SQLException {
        try (var ps = conn.prepareStatement(INSERT_CO_PURCHASE)) {
            for (var c : PurchaseHistorySeed.coPurchases()) {
                ps.setString(1, c.sku());
                ps.setString(2, c.otherSku());
                ps.setInt(3, c.count());
                ps.addBatch();
            }
            return ps.executeBatch().length;
        }
    }

    private static int loadUserPurchases(Connection conn) throws SQLException {
        try (var ps = conn.prepareStatement(INSERT_USER_PURCHASE)) {
            for (var u : PurchaseHistorySeed.userPurchases()) {
                ps.setString(1, u.userId());
                ps.setString(2, u.sku());
                ps.addBatch();
            }
            return ps.executeBatch().length;
        }
    }
}
