package dev.resilientshop.systemtests.checkout.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chaos-consistency soak, bounded for CI: 8 shoppers for 90 s under 24 seeded faults, a settle
 * window of at most 45 s, then every invariant of {@link SoakInvariants} and
 * {@code scripts/consistency-check}. The seed is fixed ({@value #SEED}: on the saga before issue 12's
 * fixes it left paid orders without their stock), so CI replays the same schedule; pass
 * {@code -Dsoak.seed=N} to try another. A failure prints the seed, every violation and the command
 * that replays the schedule against a shop of your own.
 */
@ExtendWith(Shop.class)
@Order(690)
@Tag("soak")
class ChaosConsistencySoakTest {

    static final long SEED = 20261130L;
    static final double MINUTES = 1.5;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    @DisplayName("chaos-consistency soak: no paid order without its stock, no stock lost, nothing left pending")
    void checkoutKeepsEveryPromiseUnderASeededFaultSchedule() throws Exception {
        long seed = Long.getLong("soak.seed", SEED);
        var shop = new SoakShop(Shop.get(), Map.of());

        var report = ChaosConsistencySoak.run(shop, seed, MINUTES, 8, Duration.ofSeconds(45), System.out);

        System.out.println(report);
        assertThat(report.faultsApplied()).as("faults applied (seed %d)", seed).isGreaterThanOrEqualTo(20);
        assertThat(report.confirmed()).as("confirmed orders: the soak must have bought something").isPositive();
        assertThat(report.violations()).as("SOAK VIOLATIONS with seed %d (replay: %s):%n%s", seed, report.replay(), report)
                .isEmpty();
    }
}
