package dev.resilientshop.systemtests.drills;

import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.testsupport.load.LoadStats;
import dev.resilientshop.testsupport.load.Shoppers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drill 5, pattern: the product page's <b>adaptive limit</b> on inventory (seed 002's AIMD; it
 * takes the place of the bulkhead, so {@code off=bulkhead} switches it off). Under steady load
 * both inventory replicas answer 150 ms slower for 6 s. The drill reads the limit's trajectory
 * from the product page's {@code /ops/state} every 500 ms and asserts its shape, with bounds
 * relative to the same run: steady near its start value before the spike, down to at most half
 * of that during the spike (and reads refused there), and, after the spike, at least double its
 * lowest value and back to a quarter of its pre-spike value. A limiter that ignored the spike
 * would keep its value and fail all three; that is what the second run shows, with only the
 * limit switched off. docs/what-happens-when/inventory-latency-spike.md.
 */
@ExtendWith(Shop.class)
@Order(440)
class AdaptiveLimitDrillTest {

    private static final Duration BEFORE = Duration.ofSeconds(6);
    private static final Duration SPIKE = Duration.ofSeconds(6);
    private static final Duration AFTER = Duration.ofSeconds(9);
    private static final Duration EVERY = Duration.ofMillis(500);

    private final Drill drill = new Drill();

    /** One sample of the limit: seconds since the run started, the limit, the reads it had refused so far. */
    record Sample(double seconds, int limit, long refused) {}

    /** One run: the limit right after the reset, its samples in each phase, the pages' outcome. */
    record Run(int start, List<Sample> before, List<Sample> spike, List<Sample> after, LoadStats pages) {

        int preSpike() {
            return median(before);
        }

        int spikeMin() {
            return spike.stream().mapToInt(Sample::limit).min().orElseThrow();
        }

        int afterMax() {
            return after.stream().mapToInt(Sample::limit).max().orElseThrow();
        }

        long refusedInSpike() {
            return spike.get(spike.size() - 1).refused()
                    - before.get(before.size() - 1).refused();
        }

        String trajectory() {
            var out = new StringBuilder("limit every 500 ms (s: limit) from " + start + " after the reset");
            for (var phase : List.of(before, spike, after)) {
                out.append("\n    ").append(phase == before ? "before " : phase == spike ? "spike  " : "after  ");
                for (var s : phase) {
                    out.append(String.format(java.util.Locale.ROOT, " %.1f:%d", s.seconds(), s.limit()));
                }
            }
            return out.toString();
        }

        private static int median(List<Sample> samples) {
            return samples.stream().map(Sample::limit).sorted().toList().get(samples.size() / 2);
        }
    }

    @Test
    void aLatencySpikeCutsTheAdaptiveLimitAndItClimbsBackAfterwards() throws Exception {
        long start = System.nanoTime();
        try {
            OnOff.resetAll(drill, "DRILL 5", "adaptive limit, off name bulkhead");
            drill.warmUp(100);
            var runs = OnOff.run(drill, "bulkhead", List.of("product-page"), this::run);
            var on = runs.on();
            var off = runs.off();

            var onChecks = checks("limit on", on);
            var offChecks = checks("limit off (bulkhead)", off);
            System.out.println("DRILL 5 limit on: " + on.trajectory() + "\n  pages "
                    + on.pages().line());
            System.out.println("DRILL 5 limit off: " + off.trajectory() + "\n  pages "
                    + off.pages().line());
            System.out.printf(
                    "DRILL 5 lowest limit during the spike on %d, off %d; on+off %.0f s, drill %.0f s%n",
                    on.spikeMin(), off.spikeMin(), runs.seconds(), (System.nanoTime() - start) / 1e9);
            runs.conclude(
                    "DRILL 5",
                    onChecks,
                    offChecks,
                    new OnOff.Headline(
                            "AdaptiveLimitDrillTest",
                            "lowest inventory limit during the spike",
                            on.spikeMin(),
                            off.spikeMin()),
                    "falls under the spike",
                    "refuses reads in the spike",
                    "climbs back");
        } finally {
            drill.restore();
        }
    }

    /**
     * From a fresh limit: 20 clients at the drills' usual pace throughout; +150 ms on both
     * replicas for {@link #SPIKE}; after it 20 more clients with a short pause, because AIMD grows
     * the limit only while at least half of it is in use, and at the usual pace too few reads
     * are in flight at once for that.
     */
    private Run run() throws Exception {
        drill.reset("product-page");
        int initial = drill.pipeline("inventory").path("limit").asInt();
        long t0 = System.nanoTime();
        var load = background(BEFORE.plus(SPIKE).plus(AFTER), Shoppers.THINK);
        var before = sample(t0, BEFORE);
        for (var replica : Drill.INVENTORY) {
            drill.chaos(replica, "{\"latencyMs\":150}");
        }
        List<Sample> spike;
        try {
            spike = sample(t0, SPIKE);
        } finally {
            for (var replica : Drill.INVENTORY) {
                drill.chaosOff(replica);
            }
        }
        var busy = background(AFTER, Duration.ofMillis(20));
        var after = sample(t0, AFTER);
        var pages = load.join();
        busy.join();
        return new Run(initial, before, spike, after, pages);
    }

    /** The same checks for either run; every bound is relative to the run's own pre-spike limit. */
    private static Checks checks(String name, Run r) {
        int pre = r.preSpike();
        return new Checks(name)
                .check(
                        "steady before the spike",
                        pre >= r.start() / 2,
                        "median " + pre + " before the spike >= half of the start value " + r.start())
                .check(
                        "falls under the spike",
                        r.spikeMin() <= pre / 2,
                        "lowest " + r.spikeMin() + " during the spike <= half of the pre-spike median " + pre)
                .check(
                        "refuses reads in the spike",
                        r.refusedInSpike() > 0,
                        r.refusedInSpike() + " inventory reads refused by the limit during the spike")
                .check(
                        "climbs back",
                        r.afterMax() >= Math.max(2 * r.spikeMin(), pre / 4),
                        "highest " + r.afterMax() + " after the spike >= twice the spike's lowest " + r.spikeMin()
                                + " and >= a quarter of the pre-spike median " + pre)
                .check(
                        "no 5xx",
                        r.pages().failedCount() == 0,
                        r.pages().failedCount() + " 5xx of " + r.pages().answeredCount() + " pages");
    }

    private CompletableFuture<LoadStats> background(Duration duration, Duration think) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Shoppers.pages(20, duration, think, (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)), null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<Sample> sample(long t0, Duration duration) throws Exception {
        var values = new ArrayList<Sample>();
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            var inventory = drill.pipeline("inventory");
            values.add(new Sample(
                    (System.nanoTime() - t0) / 1e9,
                    inventory.path("limit").asInt(),
                    inventory.path("bulkheadRejections").asLong()));
            Thread.sleep(EVERY.toMillis());
        }
        return values;
    }
}
