package dev.resilientshop.systemtests.checkout.soak;

import dev.resilientshop.systemtests.Shop;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The chaos-consistency soak (issue 12): shoppers buy while a seeded schedule kills, stops and slows
 * the services the checkout depends on; then, after a settle window, the promises are checked in
 * PostgreSQL ({@link SoakInvariants}) and by {@code scripts/consistency-check}. The way Jepsen-style
 * checkers work: many clients, faults at random, invariants judged afterwards on the data, so a
 * hole shows up as a row, not as a lucky stack trace.
 *
 * <p>One code path for both ways in: {@code ./shop soak --minutes N [--seed S] [--shoppers 8]}
 * runs {@link #main} against the shop the launcher runs, {@link ChaosConsistencySoakTest} runs
 * {@link #run} with {@code --minutes 1.5} against the system tests' shop.
 *
 * <p>Order-service's recovery is made quick for the soak ({@link #ORDER_ENV}: idle 20 s instead of
 * 60 s, still above the 15 s a checkout may live, so no charge can still be on its way; a round every
 * 2 s instead of 15 s), so the settle window fits in CI. It is put back when the soak ends.
 */
final class ChaosConsistencySoak {

    /** Garden SKUs no other drill uses; GAR-0044 is kept low so "out of stock" is a final answer too. */
    static final Map<String, Integer> SKUS = levels();

    static final Map<String, String> ORDER_ENV =
            Map.of("ORDER_RECOVERY_ABANDON_AFTER", "20s", "ORDER_RECOVERY_INTERVAL", "2s");
    static final Duration ORDER_DEADLINE = Duration.ofSeconds(30);
    /** One fault every 3.75 s on average: 24 in the CI run's 90 s. */
    static final double FAULTS_PER_MINUTE = 16;

    private ChaosConsistencySoak() {}

    private static Map<String, Integer> levels() {
        var levels = new LinkedHashMap<String, Integer>();
        levels.put("GAR-0041", 400);
        levels.put("GAR-0042", 400);
        levels.put("GAR-0043", 400);
        levels.put("GAR-0044", 12);
        return levels;
    }

    static FaultSchedule schedule(long seed, double minutes) {
        var window = Duration.ofMillis((long) (minutes * 60_000));
        return FaultSchedule.plan(seed, window, (int) Math.max(1, Math.round(minutes * FAULTS_PER_MINUTE)));
    }

    static SoakReport run(SoakShop shop, long seed, double minutes, int shoppers, Duration settleMax, PrintStream out)
            throws Exception {
        long t0 = System.nanoTime();
        var schedule = schedule(seed, minutes);
        out.println("SOAK seed " + seed + ", " + shoppers + " shoppers, " + minutes
                + " min of faults (replay: ./shop soak --minutes " + minutes + " --seed " + seed + ")");
        out.println(schedule.describe());
        var skus = List.copyOf(SKUS.keySet());
        var quick = shop.withServiceEnv(ORDER_ENV);
        var plain = shop.withServiceEnv(Map.of());
        var injector = new FaultInjector(quick, out);
        injector.ensureHealthy();
        out.println("SOAK order-service restarted with quick recovery: " + ORDER_ENV);
        quick.run(Duration.ofMinutes(1), "stop", "order");
        quick.start("order", out);
        var found = SoakBaseline.topUp(shop::database, SKUS);
        try {
            var baseline = SoakBaseline.capture(shop::database, skus);
            long stopAt = System.nanoTime() + schedule.window().toNanos();
            var pool = Executors.newFixedThreadPool(shoppers, r -> {
                var t = new Thread(r, "soak-shopper");
                t.setDaemon(true); // a soak that fails half-way must not keep ./shop soak alive
                return t;
            });
            var running = new ArrayList<Future<List<Shopper.Outcome>>>();
            for (int i = 0; i < shoppers; i++) {
                var prefix = "soak-" + Long.toHexString(seed & 0xffffffL) + "-" + i;
                running.add(pool.submit(new Shopper(
                        shop.url("order", "/orders"), skus, prefix, seed * 31 + i, stopAt, ORDER_DEADLINE)));
            }
            injector.start(schedule);
            var injected = injector.heal();
            var outcomes = new ArrayList<Shopper.Outcome>();
            for (var f : running) {
                outcomes.addAll(f.get());
            }
            pool.shutdown();
            out.println("SOAK shopping and faults over; settling (at most " + settleMax.toSeconds() + " s)");
            long settle0 = System.nanoTime();
            long until = settle0 + settleMax.toNanos();
            int unsettled;
            while ((unsettled = SoakInvariants.unsettled(shop::database, baseline, skus)) > 0
                    && System.nanoTime() < until) {
                TimeUnit.SECONDS.sleep(2);
            }
            long settleMs = (System.nanoTime() - settle0) / 1_000_000;
            out.println("SOAK settled in " + settleMs + " ms, " + unsettled + " orders still unsettled");
            var result = SoakInvariants.check(shop::database, baseline, skus, outcomes);
            var violations = new ArrayList<>(result.violations());
            var notes = new ArrayList<>(result.notes());
            notes.add(consistencyCheck(shop, baseline, violations, out));
            return new SoakReport(
                    seed,
                    minutes,
                    outcomes,
                    result.ordersByStatus(),
                    injected,
                    violations,
                    notes,
                    settleMs,
                    (System.nanoTime() - t0) / 1_000_000);
        } finally {
            SoakBaseline.topUp(shop::database, found);
            out.println("SOAK order-service restarted with its own recovery settings");
            plain.run(Duration.ofMinutes(1), "stop", "order");
            plain.start("order", out);
        }
    }

    /** {@code scripts/consistency-check} over the soak's window and SKUs must agree: its findings are violations too. */
    private static String consistencyCheck(
            SoakShop shop, SoakBaseline baseline, List<String> violations, PrintStream out) throws Exception {
        var args = List.of(
                shop.root().resolve("scripts/consistency-check").toString(),
                "--since=" + baseline.since(),
                "--sku=GAR-004");
        var log = Files.createTempFile("soak-check-", ".out");
        try {
            var process = new ProcessBuilder(args)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean done = process.waitFor(3, TimeUnit.MINUTES);
            var output = Files.readString(log).strip();
            out.println("SOAK scripts/consistency-check --since=" + baseline.since() + " --sku=GAR-004:\n" + output);
            if (!done || process.exitValue() != 0) {
                violations.add("scripts/consistency-check " + (done ? "exit " + process.exitValue() : "did not finish")
                        + ": " + output.replace("\n", " | "));
            }
            return "scripts/consistency-check: " + output.lines().findFirst().orElse("(no output)");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * {@code ./shop soak}: {@code --minutes N} of shopping and faults (decimals allowed; 1.5 is the CI run),
     * {@code --seed S} (default: a new one, printed), {@code --shoppers 8}, {@code --settle-seconds 120}.
     * Exit 0 when no invariant is broken, 1 when one is, 2 on a usage error.
     */
    public static void main(String[] args) throws Exception {
        double minutes = 5;
        long seed = System.nanoTime() % 1_000_000_000L;
        int shoppers = 8;
        long settle = 120;
        try {
            for (int i = 0; i < args.length; i += 2) {
                var value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--minutes" -> minutes = Double.parseDouble(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--shoppers" -> shoppers = Integer.parseInt(value);
                    case "--settle-seconds" -> settle = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (minutes < 0.5 || shoppers < 1) {
                throw new IllegalArgumentException("--minutes must be at least 0.5 and --shoppers at least 1");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("usage: ./shop soak --minutes N [--seed S] [--shoppers 8] [--settle-seconds 120]: "
                    + e.getMessage());
            System.exit(2);
        }
        var report = run(
                new SoakShop(new Shop(), Map.of()), seed, minutes, shoppers, Duration.ofSeconds(settle), System.out);
        System.out.println(report);
        System.exit(report.violations().isEmpty() ? 0 : 1);
    }
}
