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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chaos-consistency soak, bounded for CI: 8 shoppers for 90 s under 22 seeded faults, a settle
 * window of at most 45 s, then every invariant of {@link SoakInvariants} and
 * {@code scripts/consistency-check}. The seed is fixed ({@value #SEED}: on the saga before issue 12's
 * fixes this schedule left a paid order CONFIRMED with its reservation RELEASED, see
 * docs/what-happens-when/chaos-soak.md), so CI replays the same schedule; {@code -Dsoak.seed=N} tries
 * another. A failure prints the seed, every violation and the command that replays the schedule
 * against a shop of your own. The requests race differently on every run: a replay makes a hole
 * likely to show, not certain.
 */
@ExtendWith(Shop.class)
@Order(690)
@Tag("soak")
class ChaosConsistencySoakTest {

    static final long SEED = 103;
    static final double MINUTES = 1.5;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    @DisplayName(
            "chaos-consistency soak (90 s, seed 103 unless -Dsoak.seed): no paid order without its stock, nothing left pending")
    void checkoutKeepsEveryPromiseUnderASeededFaultSchedule() throws Exception {
        soak(Long.getLong("soak.seed", SEED), MINUTES, Duration.ofSeconds(45));
    }

    /**
     * The first seed found by hand ({@code ./shop soak --minutes 4 --seed 11}: two paid orders confirmed
     * with their stock released), kept as a regression run. Eight minutes, so not in every CI run:
     * {@code -Dsoak.long=true}.
     */
    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    @EnabledIfSystemProperty(named = "soak.long", matches = "true")
    @DisplayName("chaos-consistency soak, hand-found seed 11 for 4 minutes (-Dsoak.long=true)")
    void theFirstHandFoundFailingSeedKeepsEveryPromise() throws Exception {
        soak(11, 4, Duration.ofSeconds(120));
    }

    private static void soak(long seed, double minutes, Duration settle) throws Exception {
        var report = ChaosConsistencySoak.run(new SoakShop(Shop.get(), Map.of()), seed, minutes, 8, settle, System.out);
        System.out.println(report);
        assertThat(report.faultsApplied()).as("faults applied (seed %d)", seed).isGreaterThanOrEqualTo(20);
        assertThat(report.confirmed())
                .as(
                        "confirmed orders (seed %d): a soak that bought nothing proves nothing; "
                                + "the machine or the shop was too slow throughout",
                        seed)
                .isPositive();
        assertThat(report.violations())
                .as("SOAK VIOLATIONS with seed %d (replay: %s):%n%s", seed, report.replay(), report)
                .isEmpty();
    }
}
