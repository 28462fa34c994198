package dev.resilientshop.systemtests.checkout.soak;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Carries a {@link FaultSchedule} out against the running shop, with the launcher a person would use:
 * {@code ./shop kill|stop <service>}, a pause, {@code ./shop start <service>}; {@code ./shop chaos
 * <service> ...}, a hold, {@code ./shop chaos <service> off}. Each service has its own queue, so a
 * slow restart delays only the next fault on that service (the delay is recorded), never the others.
 * {@link #heal()} leaves every service running, ready and without chaos, whatever happened.
 */
final class FaultInjector {

    /** What became of one planned fault: {@code lateMs} behind its plan, applied or not and why. */
    record Injected(FaultSchedule.Fault fault, long lateMs, boolean applied, String note) {}

    static final List<String> CHAOS_TARGETS =
            List.of("inventory-primary", "inventory-secondary", "payment", "fraud-api");
    static final List<String> SERVICES =
            List.of("fraud-api", "payment", "inventory-primary", "inventory-secondary", "order");

    private final SoakShop shop;
    private final PrintStream out;
    private final List<Injected> injected = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ExecutorService> queues = new LinkedHashMap<>();
    private final ExecutorService timer = Executors.newSingleThreadExecutor(r -> daemon(r, "soak-fault-timer"));

    FaultInjector(SoakShop shop, PrintStream out) {
        this.shop = shop;
        this.out = out;
        for (var kind : FaultKind.values()) {
            kind.targets.forEach(t ->
                    queues.computeIfAbsent(t, k -> Executors.newSingleThreadExecutor(r -> daemon(r, "soak-" + k))));
        }
    }

    /** Starts the schedule now (t = 0) and returns at once. */
    void start(FaultSchedule schedule) {
        long t0 = System.nanoTime();
        timer.submit(() -> {
            for (var fault : schedule.faults()) {
                long wait = fault.atMs() - (System.nanoTime() - t0) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                queues.get(fault.target()).submit(() -> apply(fault, t0));
            }
            return null;
        });
    }

    /** Waits for every fault to be applied and undone, then makes sure every service runs, ready and without chaos. */
    List<Injected> heal() throws Exception {
        timer.shutdown();
        timer.awaitTermination(30, TimeUnit.MINUTES);
        for (var queue : queues.values()) {
            queue.shutdown();
            queue.awaitTermination(5, TimeUnit.MINUTES);
        }
        ensureHealthy();
        return List.copyOf(injected);
    }

    /** Every service running and ready, no chaos anywhere (before the soak, and after it whatever happened). */
    void ensureHealthy() throws Exception {
        for (var service : SERVICES) {
            if (!shop.ready(service)) {
                shop.start(service, out);
            }
        }
        for (var service : CHAOS_TARGETS) {
            shop.run(Duration.ofSeconds(30), "chaos", service, "off");
        }
    }

    private void apply(FaultSchedule.Fault fault, long t0) {
        long late = (System.nanoTime() - t0) / 1_000_000 - fault.atMs();
        try {
            out.printf("soak: %s (%d ms late)%n", fault.describe(), late);
            if (fault.kind().process) {
                var stopped = shop.run(
                        Duration.ofMinutes(1), fault.kind() == FaultKind.KILL ? "kill" : "stop", fault.target());
                Thread.sleep(fault.holdMs());
                var note = shop.start(fault.target(), out);
                injected.add(new Injected(fault, late, stopped.exitCode() == 0, stopped.output() + "; " + note));
            } else {
                var args = new ArrayList<String>(List.of("chaos", fault.target()));
                args.addAll(fault.args());
                var set = shop.run(Duration.ofSeconds(30), args.toArray(String[]::new));
                Thread.sleep(fault.holdMs());
                shop.run(Duration.ofSeconds(30), "chaos", fault.target(), "off");
                injected.add(new Injected(fault, late, set.exitCode() == 0, set.output()));
            }
        } catch (Exception e) {
            injected.add(new Injected(fault, late, false, e.toString()));
        }
    }

    private static Thread daemon(Runnable r, String name) {
        var t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
