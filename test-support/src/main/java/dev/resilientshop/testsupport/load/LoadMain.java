package dev.resilientshop.testsupport.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./shop load [--rps N] [--duration D] [--mix browse=80,product=15,checkout=5]
 * [--target URL] [--timeout D] [--max-in-flight N] [--json FILE]}: an open-model load on the
 * product page, a live line per second, a summary table at the end and, with {@code --json}, the
 * summary as JSON. Durations are {@code 30s}, {@code 2m}, {@code 500ms} or ISO-8601 ({@code PT30S}).
 * Exit status 2 on bad arguments.
 */
public final class LoadMain {

    /** The command line, parsed; defaults are a gentle load a two-core machine carries. */
    record Options(
            double rps,
            Duration duration,
            Mix mix,
            URI target,
            Duration timeout,
            int maxInFlight,
            Path json,
            Duration budget) {}

    private LoadMain() {}

    static final String USAGE = "usage: ./shop load [--rps N] [--duration 30s] [--mix browse=80,product=15,checkout=5]"
            + " [--target http://127.0.0.1:PORT] [--timeout 10s] [--max-in-flight 500] [--budget 500ms] [--json FILE]";

    public static void main(String[] args) throws Exception {
        System.exit(
                start(args, System.getProperty("shop.load.target", "http://127.0.0.1:8080"), System.out, System.err));
    }

    /** The command: 0 after a run or {@code --help}, 2 on bad arguments (with the usage on {@code err}). */
    static int start(String[] args, String defaultTarget, PrintStream out, PrintStream err)
            throws InterruptedException, IOException {
        if (java.util.Arrays.asList(args).contains("--help")
                || java.util.Arrays.asList(args).contains("-h")) {
            out.println(USAGE);
            out.println("An open-model load on the product page (requests are sent on schedule, whether or not the");
            out.println("shop keeps up), only to this machine; a live line per second and a summary at the end.");
            out.println("Durations: 30s, 2m, 500ms or ISO-8601 (PT30S). Defaults: --rps 20 --duration 30s.");
            out.println(
                    "Every answer is judged as a shopper would: full (served within --budget, no fallback notice),");
            out.println(
                    "degraded (a notice or last known price showed), slow (served after the budget), shed (429, or");
            out.println("503 with " + Reply.SHED_HEADER + "), error; per second in the live line, and in the summary.");
            return 0;
        }
        Options options;
        try {
            options = parse(args, defaultTarget);
        } catch (IllegalArgumentException e) {
            err.println("./shop load: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        return run(options, out);
    }

    static int run(Options o, PrintStream out) throws InterruptedException, IOException {
        out.printf(
                "load: %.1f requests/s for %s, mix %s, on %s (open model; at most %d in flight, timeout %s)%n",
                o.rps(), o.duration(), o.mix(), o.target(), o.maxInFlight(), o.timeout());
        var plan = new LoadGenerator.Plan(o.rps(), o.duration(), o.mix(), o.maxInFlight(), Duration.ofMillis(10));
        var generator =
                new LoadGenerator(plan, new ShopRequests(o.target(), o.timeout()), LoadClock.SYSTEM, o.budget());
        long start = System.nanoTime();
        var stats = generator.runWithLiveLines(o.timeout().plusSeconds(1), out::println);
        var summary = stats.summary((System.nanoTime() - start) / 1e9);
        out.print(summary.table());
        if (o.json() != null) {
            var parent = o.json().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            var body = new LinkedHashMap<String, Object>();
            body.put("rps", o.rps());
            body.put("durationSeconds", o.duration().toMillis() / 1e3);
            body.put("mix", o.mix().weights());
            body.put("target", o.target().toString());
            body.put("summary", summary);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(o.json().toFile(), body);
            out.println("summary written to " + o.json());
        }
        return 0;
    }

    static Options parse(String[] args, String defaultTarget) {
        var values = new LinkedHashMap<String, String>(Map.of(
                "--rps",
                "20",
                "--duration",
                "30s",
                "--mix",
                "browse=80,product=15,checkout=5",
                "--target",
                defaultTarget,
                "--timeout",
                "10s",
                "--max-in-flight",
                "500",
                "--budget",
                "500ms"));
        String json = null;
        for (int i = 0; i < args.length; i++) {
            var name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            if (name.equals("--json")) {
                json = value;
            } else if (values.containsKey(name)) {
                values.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option " + name);
            }
        }
        double rps;
        try {
            rps = Double.parseDouble(values.get("--rps"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rps '" + values.get("--rps") + "' is not a number");
        }
        if (!(rps > 0) || rps > 2_000) {
            throw new IllegalArgumentException("--rps must be above 0 and at most 2000, was " + values.get("--rps"));
        }
        var duration = duration("--duration", values.get("--duration"));
        if (duration.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--duration is at most 1h, was " + values.get("--duration"));
        }
        var timeout = duration("--timeout", values.get("--timeout"));
        int maxInFlight;
        try {
            maxInFlight = Integer.parseInt(values.get("--max-in-flight"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--max-in-flight '" + values.get("--max-in-flight") + "' is not a whole number");
        }
        if (maxInFlight < 1 || maxInFlight > 5_000) {
            throw new IllegalArgumentException("--max-in-flight must be 1..5000, was " + maxInFlight);
        }
        URI target;
        try {
            target = URI.create(values.get("--target"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--target '" + values.get("--target") + "' is not a URL");
        }
        return new Options(
                rps,
                duration,
                Mix.parse(values.get("--mix")),
                ShopRequests.requireLoopback(target),
                timeout,
                maxInFlight,
                json == null ? null : Path.of(json),
                duration("--budget", values.get("--budget")));
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601; above zero. */
    static Duration duration(String option, String text) {
        Duration d;
        try {
            var t = text.strip().toLowerCase();
            if (t.startsWith("pt")) {
                d = Duration.parse(t.toUpperCase());
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
            } else if (t.endsWith("h")) {
                d = Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 3600));
            } else {
                throw new IllegalArgumentException();
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration (e.g. 500ms, 30s, 2m)");
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(option + " must be above zero, was " + text);
        }
        return d;
    }
}
