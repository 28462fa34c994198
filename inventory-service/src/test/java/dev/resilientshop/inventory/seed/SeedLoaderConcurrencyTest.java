package dev.resilientshop.inventory.seed;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Both inventory replicas seed the same database at start-up, at the same moment. The second one's
 * inserts wait for the first one's transaction; on a two-core machine starting eight JVMs that
 * transaction took over a second, the service's statement timeout (1 s) cancelled the wait, and
 * inventory-secondary exited during `./shop up` (FirstPageAfterUpTest failed in CI: "canceling
 * statement due to statement timeout" inserting into categories). A seeder must wait for the other
 * one, not fail: here another transaction holds the tables for 2.5 s, longer than the timeout.
 */
@QuarkusTest
class SeedLoaderConcurrencyTest {

    @Inject
    SeedLoader seedLoader;

    @Inject
    DataSource dataSource;

    @Test
    void aSeederThatWaitsLongerThanTheStatementTimeoutForTheOtherReplicaStillSeeds() throws Exception {
        try (var other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (var lock = other.createStatement()) {
                // what the other replica's seeding transaction holds while it inserts
                lock.execute("lock table categories, products, stock in share row exclusive mode");
            }
            var seeding = CompletableFuture.runAsync(() -> {
                try {
                    seedLoader.onStart(null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(2_500);
            assertThat(seeding).as("still waiting for the other seeder").isNotDone();
            other.commit();
            seeding.get(20, TimeUnit.SECONDS); // throws if the wait was cancelled
        }
    }
}
