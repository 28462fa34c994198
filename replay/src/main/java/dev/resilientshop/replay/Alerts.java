package dev.resilientshop.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shop's alert rules during a replay. The rules' {@code for:} (2 to 10 minutes) and rate
 * windows (5 minutes to an hour) are longer than a compressed timeline: at 10× the whole seed-002
 * incident lasts three minutes. So the replay runs its own Prometheus with a copy of
 * {@code prometheus/alerts/*.yml} whose durations are divided by the speed (a rate window never
 * below 4 s, four scrapes), scraping every second, and asks it afterwards when each alert fired.
 */
public final class Alerts implements AutoCloseable {

    static final Pattern FOR = Pattern.compile("(?m)^(\\s*for:\\s*)(\\d+[smhd])\\s*$");
    static final Pattern RANGE = Pattern.compile("\\[(\\d+[smhd])\\]");
    /** A rule group's own evaluation interval, which overrides the global one. */
    static final Pattern INTERVAL = Pattern.compile("(?m)^(\\s*interval:\\s*)(\\d+[smhd])\\s*$");

    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Process process;
    private final Path work;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Alerts(String base, Process process, Path work) {
        this.base = base;
        this.process = process;
        this.work = work;
    }

    /** Seconds of a Prometheus duration: {@code 5m} → 300. */
    static long seconds(String duration) {
        long n = Long.parseLong(duration.substring(0, duration.length() - 1));
        return switch (duration.charAt(duration.length() - 1)) {
            case 's' -> n;
            case 'm' -> n * 60;
            case 'h' -> n * 3600;
            case 'd' -> n * 86400;
            default -> throw new IllegalArgumentException(duration);
        };
    }

    /**
     * A rule file with every {@code for:} divided by {@code speed}, every range window too (at
     * least {@code minWindow} s), and each group's evaluation {@code interval:} (at least 1 s, the
     * replay's scrape cadence): left at the shop's 30 s, a group is evaluated about once in a
     * 45 s fault and its alerts cannot fire.
     */
    static String scaleRules(String rules, double speed, long minWindow) {
        var forScaled = replace(FOR.matcher(rules), m -> m.group(1) + Math.round(seconds(m.group(2)) / speed) + "s");
        var intervalScaled = replace(
                INTERVAL.matcher(forScaled),
                m -> m.group(1) + Math.max(1, Math.round(seconds(m.group(2)) / speed)) + "s");
        return replace(
                RANGE.matcher(intervalScaled),
                m -> "[" + Math.max(minWindow, Math.round(seconds(m.group(1)) / speed)) + "s]");
    }

    private static String replace(Matcher m, java.util.function.Function<Matcher, String> with) {
        var sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The scrape config: every service of {@code ports} every second, labelled as prometheus-local.yml labels them. */
    static String config(Map<String, Integer> ports, Path rulesDir) {
        var sb = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - ")
                .append(rulesDir.toAbsolutePath())
                .append("/*.yml\nscrape_configs:\n  - job_name: shop\n    metrics_path: /q/metrics\n"
                        + "    honor_labels: true\n    static_configs:\n");
        ports.forEach((service, port) -> sb.append("      - targets: [\"127.0.0.1:")
                .append(port)
                .append("\"]\n        labels: { service: ")
                .append(service)
                .append(" }\n"));
        return sb.toString();
    }

    /**
     * Starts {@code prometheus} (Debian's package) on {@code listenPort} with the scaled rules of
     * {@code root/prometheus/alerts}, working in {@code work}; null when it is not installed.
     */
    public static Alerts launch(Path root, Path work, Map<String, Integer> ports, double speed, int listenPort)
            throws IOException, InterruptedException {
        var binary = findOnPath("prometheus");
        if (binary == null) {
            return null;
        }
        var rules = Files.createDirectories(work.resolve("rules"));
        try (var files = Files.list(root.resolve("prometheus/alerts"))) {
            for (var f : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
                Files.writeString(rules.resolve(f.getFileName()), scaleRules(Files.readString(f), speed, 4));
            }
        }
        var config = work.resolve("prometheus.yml");
        Files.writeString(config, config(ports, rules));
        var process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + work.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + listenPort)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("prometheus.log").toFile())
                .start();
        var alerts = new Alerts("http://127.0.0.1:" + listenPort, process, work);
        for (int i = 0; i < 60; i++) {
            if (alerts.ready()) {
                return alerts;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(500);
        }
        alerts.close();
        throw new IOException("prometheus did not start; see " + work.resolve("prometheus.log"));
    }

    private static Path findOnPath(String name) {
        for (var dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            var p = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    boolean ready() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/-/ready"))
                                            .timeout(Duration.ofSeconds(1))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The first second each alert (by name and dependency) was firing between the two moments, as events on the seed's clock. */
    public List<Replay.Event> firings(
            String mode, Timeline timeline, long recordStartMillis, long fromMillis, long toMillis)
            throws IOException, InterruptedException {
        var query = URLEncoder.encode("ALERTS{alertstate=\"firing\"}", StandardCharsets.UTF_8);
        var uri = URI.create(base + "/api/v1/query_range?query=" + query + "&start=" + fromMillis / 1000.0 + "&end="
                + toMillis / 1000.0 + "&step=1");
        var body = http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        var events = new ArrayList<Replay.Event>();
        for (var series : JSON.readTree(body).path("data").path("result")) {
            var labels = series.path("metric");
            var values = series.path("values");
            if (values.isEmpty()) {
                continue;
            }
            long at = Math.round(values.get(0).get(0).asDouble() * 1000);
            var who = labels.path("dependency").asText(labels.path("service").asText(""));
            var text = labels.path("alertname").asText() + (who.isEmpty() ? "" : " (" + who + ")");
            events.add(new Replay.Event(
                    mode,
                    (at - recordStartMillis) / 1000.0,
                    timeline.seedSeconds(at - recordStartMillis),
                    "alert",
                    text));
        }
        events.sort(Comparator.comparingDouble(Replay.Event::seedSeconds));
        return events;
    }

    /** What the report says about the rules it ran. */
    public static String note(double speed) {
        return String.format(
                "a copy of prometheus/alerts/*.yml ran with every for:, rate window and group "
                        + "interval divided by %s (the speed; windows at least 4 s, intervals at least 1 s), "
                        + "scraped every second; times are when each alert "
                        + "was first firing, on the seed's clock",
                speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(work.resolve("data"));
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the report does not need the data; a leftover is harmless
        }
    }
}
