package dev.resilientshop.inventory.seed;

import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.kit.catalog.Category;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Loads inventory's slice of the seed catalog (categories, products, stock) into empty tables
 * at start-up. {@code ON CONFLICT DO NOTHING} makes it safe for both replicas to start at once,
 * and a restart never resets stock that orders have already taken. The replicas take turns (a
 * transaction-scoped advisory lock), and the seeding transaction may wait up to
 * {@value #SEED_WAIT} for the other one: the service's 1 s statement timeout is for requests, and
 * a replica whose seeding waited past it exited during start-up (SeedLoaderConcurrencyTest).
 */
@ApplicationScoped
class SeedLoader {

    private static final Logger LOG = Logger.getLogger(SeedLoader.class);
    static final String SEED_WAIT = "30s";

    private final DataSource dataSource;

    SeedLoader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var turn = c.createStatement()) {
                turn.execute("set local statement_timeout = '" + SEED_WAIT + "'");
                turn.execute("select pg_advisory_xact_lock(hashtext('inventory-seed'))");
            }
            try (var categories = c.prepareStatement(
                            "insert into categories (slug, name, position) values (?, ?, ?) on conflict do nothing");
                    var products = c.prepareStatement(
                            "insert into products (sku, name, description, category, image_url) values (?, ?, ?, ?, ?) on conflict do nothing");
                    var stock = c.prepareStatement(
                            "insert into stock (sku, available) values (?, ?) on conflict do nothing")) {
                int position = 0;
                for (var category : Category.ALL) {
                    categories.setString(1, category.slug());
                    categories.setString(2, category.name());
                    categories.setInt(3, position++);
                    categories.addBatch();
                }
                categories.executeBatch();
                for (var p : CatalogSeed.products()) {
                    products.setString(1, p.sku());
                    products.setString(2, p.name());
                    products.setString(3, p.description());
                    products.setString(4, p.category());
                    products.setString(5, p.imagePath());
                    products.addBatch();
                    stock.setString(1, p.sku());
                    stock.setInt(2, p.stock());
                    stock.addBatch();
                }
                int added = java.util.Arrays.stream(products.executeBatch()).sum();
                stock.executeBatch();
                c.commit();
                LOG.infof(
                        "Seed catalog: %d products added (%d in the seed)",
                        added, CatalogSeed.products().size());
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
