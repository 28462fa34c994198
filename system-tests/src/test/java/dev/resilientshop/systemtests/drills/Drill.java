package dev.resilientshop.systemtests.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.testsupport.load.LoadStats;
import dev.resilientshop.testsupport.load.Shoppers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * What every drill needs from the running shop: chaos on and off (each service's
 * {@code /ops/chaos}, with the run's ops token), the product page's resilient/naive switch, its
 * {@code /ops/state} feed and metrics, and a SKU list for the load. {@link #restore()} puts every
 * switch back; drills call it in {@code finally}.
 */
public final class Drill {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> INVENTORY = List.of("inventory-primary", "inventory-secondary");
    public static final List<String> ALL_CHAOS =
            List.of("inventory-primary", "inventory-secondary", "pricing", "recommendations");
    /** The services with outbound pipelines and a resilience switch. */
    public static final List<String> CALLERS = List.of("product-page", "order", "payment");

    public final Shop shop = Shop.get();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final String token;

    public Drill() {
        try {
            token = Files.readString(shop.state().resolve("ops-token")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("the shop's ops token is missing", e);
        }
    }

    /** 100 SKUs over 10 categories, the first ten of each: a realistic spread of product pages. */
    public static String sku(int i) {
        String[] prefixes = {"AUD", "CAM", "KIT", "BOK", "OUT", "TOY", "FIT", "OFF", "GAR", "GAM"};
        int n = Math.floorMod(i, 100);
        return prefixes[n / 10] + "-" + String.format("%04d", n % 10 + 1);
    }

    public URI page(String path) {
        return shop.url("product-page", path);
    }

    public void chaos(String service, String json) throws IOException, InterruptedException {
        send(service, "PUT", "/ops/chaos", json);
    }

    public void chaosOff(String service) throws IOException, InterruptedException {
        send(service, "DELETE", "/ops/chaos", null);
    }

    public void mode(String mode) throws IOException, InterruptedException {
        mode("product-page", mode);
    }

    /** {@code service}'s resilient/naive switch (one of {@link #CALLERS}). */
    public void mode(String service, String mode) throws IOException, InterruptedException {
        send(service, "PUT", "/ops/resilience", "{\"mode\":\"" + mode + "\"}");
    }

    /**
     * Switches off exactly {@code patterns} on {@code service} (resilient otherwise; none: every
     * pattern on again). Names as the API takes them: breaker, bulkhead, retry, timeout, hedging,
     * fallback, rate-limit, load-shedding.
     */
    public void off(String service, String... patterns) throws IOException, InterruptedException {
        var names = java.util.Arrays.stream(patterns)
                .map(p -> "\"" + p + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        send(service, "PUT", "/ops/resilience", "{\"mode\":\"resilient\",\"off\":[" + names + "]}");
    }

    /**
     * A clean start on {@code service}: breakers CLOSED, adaptive limits at their initial value,
     * hedge latency history and rate-limit buckets forgotten ({@code POST /ops/resilience/reset}).
     */
    public void reset(String service) throws IOException, InterruptedException {
        send(service, "POST", "/ops/resilience/reset", null);
    }

    /** {@link #reset} on every calling service; returns their names for the drill's report. */
    public List<String> resetAll() throws IOException, InterruptedException {
        for (var s : CALLERS) {
            reset(s);
        }
        return CALLERS;
    }

    /** The product page's pipeline snapshot for {@code dependency} from /ops/state. */
    public JsonNode pipeline(String dependency) throws IOException, InterruptedException {
        return pipeline("product-page", dependency);
    }

    /** {@code service}'s pipeline snapshot for {@code dependency} from its /ops/state. */
    public JsonNode pipeline(String service, String dependency) throws IOException, InterruptedException {
        var state = JSON.readTree(send(service, "GET", "/ops/state", null));
        for (var d : state.path("dependencies")) {
            if (d.path("dependency").asText().equals(dependency)) {
                return d;
            }
        }
        throw new IllegalStateException("no pipeline " + dependency + " in " + state);
    }

    /** {@code service}'s whole {@code /ops/state} feed (e.g. {@code sharedPool}: naive mode's one outbound pool). */
    JsonNode state(String service) throws IOException, InterruptedException {
        return JSON.readTree(send(service, "GET", "/ops/state", null));
    }

    /** Sum of a Prometheus counter's samples on {@code service} whose line contains every filter. */
    public double metric(String service, String name, String... filters) throws IOException, InterruptedException {
        double sum = 0;
        for (var line : samples(service, l -> l.startsWith(name + "{") || l.startsWith(name + " "), filters)) {
            sum += value(line);
        }
        return sum;
    }

    /**
     * The cumulative buckets ({@code le} in seconds → count) of a Prometheus histogram on
     * {@code service}, summed over the series whose line contains every filter. Two snapshots give
     * the latency distribution of what happened in between ({@link Histogram#minus}).
     */
    public Histogram histogram(String service, String name, String... filters)
            throws IOException, InterruptedException {
        var buckets = new java.util.TreeMap<Double, Double>();
        for (var line : samples(service, l -> l.startsWith(name + "_bucket{") && l.contains("le=\""), filters)) {
            int le = line.indexOf("le=\"");
            String bound = line.substring(le + 4, line.indexOf('"', le + 4));
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            buckets.merge(upper, value(line), Double::sum);
        }
        if (buckets.isEmpty()) {
            throw new IllegalStateException("no histogram " + name + " on " + service);
        }
        return new Histogram(buckets);
    }

    /** One scrape of {@code service}'s /q/metrics: the sample lines that {@code which} picks and that contain every filter. */
    private List<String> samples(String service, Predicate<String> which, String... filters)
            throws IOException, InterruptedException {
        var body = http.send(
                        HttpRequest.newBuilder(shop.url(service, "/q/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        var picked = new java.util.ArrayList<String>();
        for (var line : body.split("\n")) {
            if (which.test(line) && java.util.Arrays.stream(filters).allMatch(line::contains)) {
                picked.add(line);
            }
        }
        return picked;
    }

    private static double value(String sampleLine) {
        return Double.parseDouble(sampleLine.substring(sampleLine.lastIndexOf(' ') + 1));
    }

    /** Cumulative histogram buckets, upper bound in seconds → observations at or below it. */
    public record Histogram(java.util.NavigableMap<Double, Double> buckets) {

        public Histogram minus(Histogram earlier) {
            var delta = new java.util.TreeMap<Double, Double>();
            buckets.forEach((le, n) -> delta.put(le, n - earlier.buckets.getOrDefault(le, 0.0)));
            return new Histogram(delta);
        }

        public double count() {
            return buckets.lastEntry().getValue();
        }

        /** Observations above {@code millis}, counted from the highest bucket bound at or below it. */
        public double countAbove(double millis) {
            var atOrBelow = buckets.floorEntry(millis / 1000);
            return count() - (atOrBelow == null ? 0 : atOrBelow.getValue());
        }

        /** The p-quantile in milliseconds, interpolated linearly inside its bucket (as PromQL's histogram_quantile). */
        public double percentileMillis(double p) {
            double rank = p * count();
            double lower = 0;
            double below = 0;
            for (var e : buckets.entrySet()) {
                if (e.getValue() >= rank) {
                    if (e.getKey().isInfinite()) {
                        return lower * 1000;
                    }
                    double inBucket = e.getValue() - below;
                    double fraction = inBucket == 0 ? 1 : (rank - below) / inBucket;
                    return (lower + (e.getKey() - lower) * fraction) * 1000;
                }
                lower = e.getKey();
                below = e.getValue();
            }
            return lower * 1000;
        }
    }

    /** Waits up to {@code timeout} for {@code condition}, polling every 200 ms. */
    public static boolean await(Duration timeout, Check condition) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.holds()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.holds();
    }

    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    private static boolean jitWarm;

    /**
     * A few requests so the connection pools and the hedge's latency histogram are warm; the
     * first drill of a run also gives the freshly started JVMs 15 s of traffic first: on two
     * cores, the JIT compiling the page's hot paths would otherwise be the first drill's p99.
     */
    public void warmUp(int requests) throws InterruptedException {
        synchronized (Drill.class) {
            if (!jitWarm) {
                Shoppers.pages(
                        10,
                        Duration.ofSeconds(15),
                        Duration.ofMillis(20),
                        (w, i) -> page("/p/" + sku(w * 10 + i)),
                        null);
                jitWarm = true;
            }
        }
        Shoppers.pages(
                4,
                Duration.ofSeconds(Math.max(2, requests / 100)),
                Duration.ZERO,
                (w, i) -> page("/p/" + sku(w * 25 + i)),
                null);
    }

    /** The product page's budget for one page (shop.page.budget). */
    public static final double PAGE_BUDGET_MS = 500;

    /**
     * Healthy product pages for {@code seconds} from {@code clients} clients, pausing as a drill's
     * load does: the machine's own latency spread at that load, right now, for {@link #budgetAsSeen}.
     */
    public LoadStats healthyPages(int clients, int seconds) throws InterruptedException {
        return Shoppers.pages(clients, Duration.ofSeconds(seconds), (w, i) -> page("/p/" + sku(w * 13 + i)), null);
    }

    /**
     * The page budget as a client sees it: the product page stops a page at 500 ms of its own time,
     * and the client's clock adds what the machine adds to any page at that moment. That addition is
     * the healthy pages' tail spread (p99 above p50) measured in the same run, so a quiet machine
     * gets a bound near 500 ms and a loaded one a looser one; a page the deadline does not stop
     * waits seconds (a hanging dependency, a dead replica's connect timeout) and still fails it.
     * A CI run with other builds alongside saw a breaker-on p99 of 500.5 ms against a bare 500.
     */
    public static double budgetAsSeen(LoadStats healthy) {
        return PAGE_BUDGET_MS + Math.max(0, healthy.percentileMillis(null, 99) - healthy.percentileMillis(null, 50));
    }

    /** {@code ./shop start <service>}, then waits for it to be ready (up to a minute). */
    public void start(String service) throws Exception {
        var result = shop.run(Duration.ofMinutes(2), "start", service);
        if (!await(Duration.ofSeconds(60), () -> ready(service))) {
            throw new IllegalStateException(
                    service + " did not come back (exit " + result.exitCode() + "):\n" + result.output());
        }
    }

    /**
     * Chaos off everywhere, every calling service resilient with every pattern on and its state
     * reset (breakers, limits, hedge history, rate-limit buckets), every service up: the shop as
     * the drill found it, and nothing one drill learned shapes the next.
     */
    public void restore() throws Exception {
        for (var s : ALL_CHAOS) {
            try {
                chaosOff(s);
            } catch (IOException e) {
                // a killed service has no chaos to switch off; restart below
            }
        }
        for (var s : INVENTORY) {
            if (!ready(s)) {
                shop.run(Duration.ofMinutes(2), "start", s);
            }
        }
        for (var s : CALLERS) {
            try {
                off(s); // resilient, nothing off
                reset(s);
            } catch (IOException e) {
                if (ready(s)) {
                    throw e;
                }
                shop.run(Duration.ofMinutes(2), "start", s); // a drill that stopped it; it starts fresh
            }
        }
    }

    public boolean ready(String service) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(shop.url(service, "/q/health/ready"))
                                            .timeout(Duration.ofSeconds(3))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (Exception e) {
            return false;
        }
    }

    public static Predicate<String> contains(String text) {
        return body -> body != null && body.contains(text);
    }

    private String send(String service, String method, String path, String json)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(shop.url(service, path))
                .timeout(Duration.ofSeconds(5))
                .header("X-Ops-Token", token);
        builder = json == null
                ? builder.method(method, HttpRequest.BodyPublishers.noBody())
                : builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " on " + service + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
