package dev.resilientshop.systemtests.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.systemtests.Shop;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * What every drill needs from the running shop: chaos on and off (each service's
 * {@code /ops/chaos}, with the run's ops token), the product page's resilient/naive switch, its
 * {@code /ops/state} feed and metrics, and a SKU list for the load. {@link #restore()} puts every
 * switch back; drills call it in {@code finally}.
 */
final class Drill {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> INVENTORY = List.of("inventory-primary", "inventory-secondary");
    static final List<String> ALL_CHAOS = List.of("inventory-primary", "inventory-secondary", "pricing", "recommendations");

    final Shop shop = Shop.get();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String token;

    Drill() {
        try {
            var stateDir = Path.of(System.getProperty("shop.state.dir", "target/shop-state")).toAbsolutePath();
            token = Files.readString(stateDir.resolve("ops-token")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("the shop's ops token is missing", e);
        }
    }

    /** 100 SKUs over 10 categories, the first ten of each: a realistic spread of product pages. */
    static String sku(int i) {
        String[] prefixes = {"AUD", "CAM", "KIT", "BOK", "OUT", "TOY", "FIT", "OFF", "GAR", "GAM"};
        int n = Math.floorMod(i, 100);
        return prefixes[n / 10] + "-" + String.format("%04d", n % 10 + 1);
    }

    URI page(String path) {
        return shop.url("product-page", path);
    }

    void chaos(String service, String json) throws IOException, InterruptedException {
        send(service, "PUT", "/ops/chaos", json);
    }

    void chaosOff(String service) throws IOException, InterruptedException {
        send(service, "DELETE", "/ops/chaos", null);
    }

    void mode(String mode) throws IOException, InterruptedException {
        send("product-page", "PUT", "/ops/resilience", "{\"mode\":\"" + mode + "\"}");
    }

    /** The product page's pipeline snapshot for {@code dependency} from /ops/state. */
    JsonNode pipeline(String dependency) throws IOException, InterruptedException {
        var state = JSON.readTree(send("product-page", "GET", "/ops/state", null));
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
    double metric(String service, String name, String... filters) throws IOException, InterruptedException {
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
    Histogram histogram(String service, String name, String... filters) throws IOException, InterruptedException {
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
    private List<String> samples(String service, Predicate<String> which, String... filters) throws IOException, InterruptedException {
        var body = http.send(HttpRequest.newBuilder(shop.url(service, "/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
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
    record Histogram(java.util.NavigableMap<Double, Double> buckets) {

        Histogram minus(Histogram earlier) {
            var delta = new java.util.TreeMap<Double, Double>();
            buckets.forEach((le, n) -> delta.put(le, n - earlier.buckets.getOrDefault(le, 0.0)));
            return new Histogram(delta);
        }

        double count() {
            return buckets.lastEntry().getValue();
        }

        /** The p-quantile in milliseconds, interpolated linearly inside its bucket (as PromQL's histogram_quantile). */
        double percentileMillis(double p) {
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
    static boolean await(Duration timeout, Check condition) throws Exception {
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
    interface Check {
        boolean holds() throws Exception;
    }

    private static boolean jitWarm;

    /**
     * A few requests so the connection pools and the hedge's latency histogram are warm; the
     * first drill of a run also gives the freshly started JVMs 15 s of traffic first: on two
     * cores, the JIT compiling the page's hot paths would otherwise be the first drill's p99.
     */
    void warmUp(int requests) throws InterruptedException {
        synchronized (Drill.class) {
            if (!jitWarm) {
                Load.run(10, Duration.ofSeconds(15), Duration.ofMillis(20), (w, i) -> page("/p/" + sku(w * 10 + i)), null);
                jitWarm = true;
            }
        }
        Load.run(4, Duration.ofSeconds(Math.max(2, requests / 100)), Duration.ZERO, (w, i) -> page("/p/" + sku(w * 25 + i)), null);
    }

    /** {@code ./shop start <service>}, then waits for it to be ready (up to a minute). */
    void start(String service) throws Exception {
        var result = shop.run(Duration.ofMinutes(2), "start", service);
        if (!await(Duration.ofSeconds(60), () -> ready(service))) {
            throw new IllegalStateException(service + " did not come back (exit " + result.exitCode() + "):\n" + result.output());
        }
    }

    /** Chaos off everywhere, resilient mode, every service up: the shop as the drill found it. */
    void restore() throws Exception {
        for (var s : ALL_CHAOS) {
            try {
                chaosOff(s);
            } catch (IOException e) {
                // a killed service has no chaos to switch off; restart below
            }
        }
        mode("resilient");
        for (var s : INVENTORY) {
            if (!ready(s)) {
                shop.run(Duration.ofMinutes(2), "start", s);
            }
        }
    }

    boolean ready(String service) {
        try {
            return http.send(HttpRequest.newBuilder(shop.url(service, "/q/health/ready")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    static Predicate<String> contains(String text) {
        return body -> body != null && body.contains(text);
    }

    private String send(String service, String method, String path, String json) throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(shop.url(service, path)).timeout(Duration.ofSeconds(5)).header("X-Ops-Token", token);
        builder = json == null ? builder.method(method, HttpRequest.BodyPublishers.noBody())
                : builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " on " + service + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
