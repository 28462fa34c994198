package dev.resilientshop.systemtests.drills;

import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.testsupport.load.LoadStats;
import dev.resilientshop.testsupport.load.Shoppers;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed 001's graceful shutdown, drilled (issue 8), pattern: the <b>drain</b>. {@code ./shop stop
 * inventory-primary} (SIGTERM) while product pages load and while ten stock reads are held in the
 * replica by chaos latency. That no page fails proves little: the product page's retry to the
 * other replica and its Redis snapshot keep pages at 200 with no drain at all. What only the
 * drain does: the requests that were in flight at SIGTERM end with their real answer (200 and
 * their own SKU from this replica), the replica says so in its log (shop-kit DrainReport: "N
 * requests in flight at SIGTERM: N answered, 0 cut, 0 still open"), and the launcher stopped it
 * with SIGTERM alone, no SIGKILL. The drill runs with the shop's defaults, then with the replica
 * started without its drain ({@code QUARKUS_SHUTDOWN_DELAY=0S}, {@code QUARKUS_SHUTDOWN_TIMEOUT=0S},
 * for this one process only) and asserts that the drain's checks fail there.
 * docs/operations.md, "Graceful shutdown".
 */
@ExtendWith(Shop.class)
@Order(680)
class GracefulShutdownDrillTest {

    static final String REPLICA = "inventory-primary";
    /** The held reads: SKUs the page load never asks for (it reads the first ten of each category). */
    static final List<String> HELD =
            IntStream.rangeClosed(40, 49).mapToObj(n -> "AUD-00" + n).toList();
    /**
     * How long chaos holds each of them. The stop comes a quarter of it after they are sent, and a
     * read ends (without a drain: is cut) long after the 3 s drain window, so the drill also needs
     * the wait for in-flight requests (quarkus.shutdown.timeout), not only the window.
     */
    static final int HOLD_MS = 8_000;
    /** The drain off, for one start of the replica: no drain window, no wait for in-flight requests. */
    static final Map<String, String> NO_DRAIN =
            Map.of("QUARKUS_SHUTDOWN_DELAY", "0S", "QUARKUS_SHUTDOWN_TIMEOUT", "0S");

    static final Pattern REPORT = Pattern.compile(
            "graceful shutdown: (\\d+) requests in flight at SIGTERM: (\\d+) answered, (\\d+) cut, (\\d+) still open");

    private final Drill drill = new Drill();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One held read's outcome: status 0 when the connection ended without an answer. */
    record Held(String sku, int status, String body) {

        boolean answered() {
            return status == 200
                    && body.contains("\"sku\":\"" + sku + "\"")
                    && body.contains("\"servedBy\":\"" + REPLICA + "\"");
        }
    }

    /** The replica's own report, -1 everywhere when its log has no such line. */
    record Report(int inFlight, int answered, int cut, int open, String line) {

        static Report parse(String log) {
            var report = new Report(-1, -1, -1, -1, "(no report in the log)");
            for (var m = REPORT.matcher(log); m.find(); ) { // the last line is the final word
                report = new Report(
                        Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)),
                        m.group());
            }
            return report;
        }
    }

    record Phase(LoadStats pages, List<Held> held, String stop, Report report) {

        long answered() {
            return held.stream().filter(Held::answered).count();
        }
    }

    @Test
    void inFlightRequestsAtSigtermGetTheirAnswers() throws Exception {
        long start = System.nanoTime();
        try {
            System.out.println("DRILL shutdown (pattern: drain) state reset before the drill on " + drill.resetAll());
            drill.warmUp(200);
            long pairStart = System.nanoTime();
            var on = phase();
            startReplica(NO_DRAIN);
            var off = phase();
            double pairSeconds = (System.nanoTime() - pairStart) / 1e9;

            var onChecks = checks("drain on", on);
            var offChecks = checks("drain off", off);
            System.out.println("DRILL shutdown " + onChecks + "\nDRILL shutdown " + offChecks);
            System.out.printf(
                    "DRILL shutdown: held reads answered %d of %d with the drain, %d without; pages %s / %s;"
                            + " on+off %.0f s, drill %.0f s%n",
                    on.answered(),
                    HELD.size(),
                    off.answered(),
                    on.pages().line(),
                    off.pages().line(),
                    pairSeconds,
                    (System.nanoTime() - start) / 1e9);
            DrillRecord.write(
                    "GracefulShutdownDrillTest",
                    "graceful shutdown (drain)",
                    "reads in flight at SIGTERM answered (of " + HELD.size() + ")",
                    on.answered(),
                    off.answered(),
                    !offChecks.allPass(),
                    pairSeconds);
            onChecks.assertAllPass();
            offChecks.assertFail("in-flight reads answered", "replica reports them drained");
        } finally {
            drill.restore(); // starts the replica again with the shop's defaults (drain on)
        }
    }

    /**
     * Pages load for 12 s; at 2 s the held reads go to the replica, and a quarter of their hold
     * later the replica is stopped. Ends with the replica stopped.
     */
    private Phase phase() throws Exception {
        var pattern = "/stock/(" + String.join("|", HELD) + ")";
        drill.chaos(REPLICA, "{\"latencyMs\":" + HOLD_MS + ",\"pathPattern\":\"" + pattern + "\"}");
        var log = logOf(REPLICA);
        long logFrom = Files.exists(log) ? Files.size(log) : 0;
        var pool = Executors.newSingleThreadExecutor();
        try {
            var pages = pool.submit(() -> Shoppers.pages(
                    10, Duration.ofSeconds(12), (w, i) -> drill.page("/p/" + Drill.sku(w * 7 + i)), null));
            Thread.sleep(2_000);
            var held = new ArrayList<CompletableFuture<Held>>();
            for (var sku : HELD) {
                var request = HttpRequest.newBuilder(drill.shop.url(REPLICA, "/stock/" + sku))
                        .timeout(Duration.ofSeconds(60))
                        .build();
                held.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> new Held(sku, r.statusCode(), r.body()))
                        .exceptionally(e -> new Held(sku, 0, String.valueOf(e.getCause() == null ? e : e.getCause()))));
            }
            Thread.sleep(HOLD_MS / 4);
            var stop = drill.shop
                    .run(Duration.ofMinutes(2), "stop", REPLICA)
                    .output()
                    .strip();
            var answers = new ArrayList<Held>();
            for (var f : held) {
                answers.add(f.get(2, TimeUnit.MINUTES));
            }
            var report = Report.parse(readFrom(log, logFrom));
            return new Phase(pages.get(2, TimeUnit.MINUTES), answers, stop, report);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The same checks for either run. */
    private static Checks checks(String run, Phase p) {
        var notAnswered = p.held().stream()
                .filter(h -> !h.answered())
                .map(h -> h.sku() + " " + h.status() + " "
                        + h.body().lines().findFirst().orElse(""))
                .toList();
        var r = p.report();
        return new Checks(run)
                .check(
                        "stopped by SIGTERM alone",
                        p.stop().contains(REPLICA + " stopped (SIGTERM)")
                                && !p.stop().contains("SIGKILL"),
                        p.stop())
                .check(
                        "in-flight reads answered",
                        notAnswered.isEmpty(),
                        p.answered() + " of " + HELD.size() + " held reads answered 200 with their SKU"
                                + (notAnswered.isEmpty() ? "" : "; not: " + notAnswered))
                // every held read was in the replica at SIGTERM (the page load's reads may add a few),
                // and every request in flight then was answered: none cut, none left to die with the process
                .check(
                        "replica reports them drained",
                        r.inFlight() >= HELD.size() && r.answered() == r.inFlight(),
                        r.line())
                .check(
                        "no page failed",
                        p.pages().answeredCount() > 0
                                && p.pages().statusCount(200) == p.pages().answeredCount(),
                        p.pages().line() + ", " + p.pages().statusCount(200) + " answered 200");
    }

    private void startReplica(Map<String, String> env) throws Exception {
        var result = drill.shop.run(Duration.ofMinutes(3), env, "start", REPLICA);
        if (!Drill.await(Duration.ofSeconds(60), () -> drill.ready(REPLICA))) {
            throw new IllegalStateException(
                    REPLICA + " did not come back (exit " + result.exitCode() + "):\n" + result.output());
        }
    }

    private static Path logOf(String service) {
        return Shop.get().state().resolve("logs").resolve(service + ".log");
    }

    /** What the log gained since {@code offset}: the stopped process's last lines. */
    private static String readFrom(Path log, long offset) throws IOException {
        try (var file = new RandomAccessFile(log.toFile(), "r")) {
            var bytes = new byte[(int) Math.max(0, file.length() - offset)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
