package dev.resilientshop.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes {@code <reports>/<scenario>-<timestamp>/index.html} (one file: uPlot's JS and CSS from
 * its webjar, the data and the drawing code all inlined, so it opens offline and can be mailed)
 * and {@code summary.json} (the headline numbers, the "seed says / we measured" table).
 */
public final class Report {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private Report() {}

    /** {@code <reports>/<scenario>-<yyyyMMdd-HHmmss>}, created. */
    public static Path dir(Path reports, Scenario scenario, Instant started) throws IOException {
        return Files.createDirectories(reports.resolve(scenario.name() + "-" + STAMP.format(started)));
    }

    public static Path write(Path dir, Replay.Result result, Instant started, String prometheusNote)
            throws IOException {
        return write(dir, result, started, prometheusNote, false);
    }

    /** @param alertsWatched whether Prometheus watched the replay (its alert times are in the result's events) */
    public static Path write(
            Path dir, Replay.Result result, Instant started, String prometheusNote, boolean alertsWatched)
            throws IOException {
        var summary = summary(result, started, prometheusNote, alertsWatched);
        Files.writeString(dir.resolve("summary.json"), JSON.writeValueAsString(summary));
        Files.writeString(dir.resolve("index.html"), html(result, summary));
        return dir;
    }

    static ObjectNode summary(Replay.Result result, Instant started, String prometheusNote, boolean alertsWatched) {
        var s = JSON.createObjectNode();
        var scenario = result.scenario();
        s.put("scenario", scenario.name());
        s.put("title", scenario.title());
        s.put("started", started.toString());
        s.put("speed", result.speed());
        s.put("wallSecondsPerMode", new Timeline(scenario, result.speed()).durationMillis() / 1000.0);
        s.put("rps", scenario.load().rps());
        s.set("mix", JSON.valueToTree(scenario.load().mix()));
        s.set("modes", JSON.valueToTree(result.summaries()));
        var claims = s.putArray("seedSaysWeMeasured");
        for (var claim : scenario.claims()) {
            claims.addObject()
                    .put("seedSays", claim.says())
                    .put("measure", claim.measure())
                    .put(
                            "weMeasured",
                            Summary.measured(
                                    claim.measure(),
                                    result.summaries().get("resilient"),
                                    result.summaries().get("naive"),
                                    alertsWatched ? result.events() : null));
        }
        s.set("events", JSON.valueToTree(result.events()));
        if (prometheusNote != null) {
            s.put("prometheus", prometheusNote);
        }
        return s;
    }

    /** The chart data: per mode, one array per series, one value per second. */
    static ObjectNode data(Replay.Result result, ObjectNode summary) {
        var scenario = result.scenario();
        var d = JSON.createObjectNode();
        var sc = d.putObject("scenario");
        sc.put("name", scenario.name())
                .put("title", scenario.title())
                .put("speed", result.speed())
                .put("startSeconds", scenario.startSeconds())
                .put("endSeconds", scenario.endSeconds());
        var phases = sc.putArray("phases");
        for (var p : scenario.phases()) {
            phases.addObject().put("name", p.name()).put("kind", p.kind()).put("atSeconds", p.atSeconds());
        }
        var modes = d.putObject("modes");
        result.rows().forEach((mode, rows) -> {
            var m = modes.putObject(mode);
            var t = m.putArray("t");
            var p50 = m.putArray("pageP50");
            var p99 = m.putArray("pageP99");
            var fail = m.putArray("page5xx");
            var rps = m.putArray("rps");
            var banner = m.putArray("banner");
            var co = m.putObject("checkout");
            var coTotal = co.putArray("total");
            var coOk = co.putArray("ok");
            var co503 = co.putArray("s503");
            var coFail = co.putArray("fail");
            var names = new TreeSet<String>();
            rows.forEach(r -> names.addAll(r.deps().keySet()));
            var deps = m.putObject("deps");
            for (var name : names) {
                var dep = deps.putObject(name);
                dep.putArray("breaker");
                dep.putArray("inFlight");
                dep.putArray("limit");
                dep.putObject("fallbacks");
            }
            var sources = new TreeMap<String, TreeSet<String>>();
            rows.forEach(r -> r.deps()
                    .forEach((n, dep) -> sources.computeIfAbsent(n, x -> new TreeSet<>())
                            .addAll(dep.fallbacksBySource().keySet())));
            Map<String, Row.Dep> previous = Map.of();
            for (var r : rows) {
                t.add(Math.round(r.seedSeconds() * 10) / 10.0);
                var pages = r.load().pages();
                p50.add(round(pages.p50Millis()));
                p99.add(round(pages.p99Millis()));
                fail.add(pages.failures());
                rps.add(r.load().count() + r.load().dropped());
                banner.add(pages.banners());
                var c = r.load().kind("checkout");
                coTotal.add(c.count());
                long ok = c.statuses().entrySet().stream()
                        .filter(e -> e.getKey() >= 200 && e.getKey() < 300)
                        .mapToLong(Map.Entry::getValue)
                        .sum();
                coOk.add(ok);
                co503.add(c.status(503));
                coFail.add(c.failures() - c.status(503));
                for (var name : names) {
                    var node = (ObjectNode) deps.get(name);
                    var dep = r.deps().get(name);
                    var before = previous.get(name);
                    ((ArrayNode) node.get("breaker")).add(dep == null ? null : dep.breakerLevel());
                    ((ArrayNode) node.get("inFlight")).add(dep == null ? null : dep.inFlight());
                    ((ArrayNode) node.get("limit")).add(dep == null ? null : dep.limit());
                    var fb = (ObjectNode) node.get("fallbacks");
                    for (var source : sources.getOrDefault(name, new TreeSet<>())) {
                        var arr = fb.has(source) ? (ArrayNode) fb.get(source) : fb.putArray(source);
                        if (dep == null || before == null) {
                            arr.add(0);
                        } else {
                            arr.add(Math.max(
                                    0,
                                    dep.fallbacksBySource().getOrDefault(source, 0L)
                                            - before.fallbacksBySource().getOrDefault(source, 0L)));
                        }
                    }
                }
                previous = r.deps();
            }
        });
        var events = d.putObject("events");
        result.events().forEach((mode, list) -> {
            var arr = events.putArray(mode);
            list.forEach(e ->
                    arr.addObject().put("kind", e.kind()).put("text", e.text()).put("seedSeconds", e.seedSeconds()));
        });
        return d;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static String html(Replay.Result result, ObjectNode summary) throws IOException {
        var scenario = result.scenario();
        var data = JSON.writeValueAsString(data(result, summary)).replace("</", "<\\/");
        var sb = new StringBuilder();
        sb.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Replay: ")
                .append(esc(scenario.title()))
                .append("</title>\n<style>\n")
                .append(resource(UPLOT + "uPlot.min.css"))
                .append(
                        "\nbody{font-family:system-ui,sans-serif;margin:24px;max-width:1160px;color:#222}"
                                + "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:4px 8px;"
                                + "font-size:13px;text-align:left;vertical-align:top}th{background:#f3f3f3}.num{text-align:right}"
                                + ".chart{margin:18px 0}.chart h3{font-size:14px;margin:4px 0}.fault{background:rgba(214,39,40,.10)}"
                                + ".fix,.recovery{background:rgba(44,160,44,.08)}.note{color:#555;font-size:13px}"
                                + ".warning{border:2px solid #d62728;background:#fdecea;padding:8px 12px;margin:12px 0}\n</style>\n</head><body>\n");
        sb.append("<h1>")
                .append(esc(scenario.title()))
                .append("</h1>\n<p>")
                .append(esc(scenario.story()))
                .append("</p>\n");
        sb.append("<p class=\"note\">Replayed ")
                .append(esc(summary.path("started").asText()))
                .append(" at ")
                .append(fmt(result.speed()))
                .append("× (")
                .append(fmt(summary.path("wallSecondsPerMode").asDouble()))
                .append(" s of wall time per mode for ")
                .append(Timeline.format(scenario.startSeconds()))
                .append(" to ")
                .append(Timeline.format(scenario.endSeconds()))
                .append(" of the seed's clock), modes ")
                .append(esc(String.join(" then ", result.rows().keySet())))
                .append(", open-model load of ")
                .append(scenario.load().rps())
                .append(" requests/s, mix ")
                .append(esc(scenario.load().mix().toString()))
                .append(
                        ". Times on the charts are the seed's clock; shaded red: fault phases, green: fix and recovery. "
                                + "The shop's own timers (breaker reset 5 s, limit growth, snapshot age) run on wall time, "
                                + "so at high speed they look slower than the seed's.</p>\n");
        result.summaries().forEach((mode, s) -> {
            if (!s.baselineProblems().isEmpty()) {
                sb.append("<div class=\"warning\"><strong>The healthy phase of ")
                        .append(esc(mode))
                        .append(
                                " mode was not healthy</strong>: before any fault, requests failed, so what this mode's "
                                        + "fault phases show is not the fault alone (the replay exits non-zero).<ul>\n");
                s.baselineProblems()
                        .forEach(p -> sb.append("<li>").append(esc(p)).append("</li>\n"));
                sb.append("</ul></div>\n");
            }
            Summary.rateLimitNote(s)
                    .ifPresent(note -> sb.append("<div class=\"warning\">")
                            .append(esc(note))
                            .append("</div>\n"));
        });
        if (summary.has("prometheus")) {
            sb.append("<p class=\"note\"><strong>Alerts:</strong> ")
                    .append(esc(summary.path("prometheus").asText()))
                    .append("</p>\n");
        }
        sb.append("<h2>The seed says / we measured</h2>\n<table><tr><th>the seed says</th><th>we measured</th></tr>\n");
        for (var c : summary.path("seedSaysWeMeasured")) {
            sb.append("<tr><td>")
                    .append(esc(c.path("seedSays").asText()))
                    .append("</td><td>")
                    .append(esc(c.path("weMeasured").asText()))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n<h2>Phases</h2>\n<table><tr><th>mode</th><th>at</th><th>phase</th><th>the seed says</th>"
                + "<th>pages</th><th>failed</th><th>p50 ms</th><th>p99 ms</th><th>with notice</th>"
                + "<th>checkouts (failed)</th><th>checkout statuses</th></tr>\n");
        result.summaries().forEach((mode, s) -> {
            for (int i = 0; i < s.phases().size(); i++) {
                var p = s.phases().get(i);
                sb.append("<tr class=\"")
                        .append(p.kind())
                        .append("\"><td>")
                        .append(mode)
                        .append("</td><td>")
                        .append(p.at())
                        .append("</td><td>")
                        .append(esc(p.phase()))
                        .append("</td><td>")
                        .append(esc(nullToEmpty(scenario.phases().get(i).says())))
                        .append("</td><td class=\"num\">")
                        .append(p.pages())
                        .append("</td><td class=\"num\">")
                        .append(p.page5xx())
                        .append("</td><td class=\"num\">")
                        .append(fmt(p.pageP50Millis()))
                        .append("</td><td class=\"num\">")
                        .append(fmt(p.pageP99Millis()))
                        .append("</td><td class=\"num\">")
                        .append(p.bannerPages())
                        .append("</td><td class=\"num\">")
                        .append(p.checkouts())
                        .append(" (")
                        .append(p.checkout5xx())
                        .append(")</td><td>")
                        .append(esc(p.checkoutStatuses().toString()))
                        .append("</td></tr>\n");
            }
        });
        sb.append("</table>\n<h2>Page latency, failures, notices</h2>\n<div id=\"charts\"></div>\n"
                + "<h2>Each dependency: breaker, limiter, fallbacks</h2>\n<div id=\"deps\"></div>\n<h2>Events</h2>\n<table>"
                + "<tr><th>mode</th><th>seed time</th><th>kind</th><th>what</th></tr>\n");
        result.events()
                .forEach((mode, list) -> list.forEach(e -> sb.append("<tr><td>")
                        .append(mode)
                        .append("</td><td>")
                        .append(Timeline.format(e.seedSeconds()))
                        .append("</td><td>")
                        .append(e.kind())
                        .append("</td><td>")
                        .append(esc(e.text()))
                        .append("</td></tr>\n")));
        sb.append("</table>\n<script>\n")
                .append(resource(UPLOT + "uPlot.iife.min.js"))
                .append("\n</script>\n<script>\nconst DATA = ")
                .append(data)
                .append(";\n")
                .append(resource("/report/report.js"))
                .append("\n</script>\n</body></html>\n");
        return sb.toString();
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = Report.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing on the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.1f", v);
    }

    static List<String> modes(Replay.Result result) {
        return List.copyOf(result.rows().keySet());
    }
}
