package dev.resilientshop.testsupport.load;

import java.util.Map;

/**
 * A run's figures: how long it ran, requests sent, answered, sent late and not sent (the bound on
 * requests in flight), latency percentiles in ms and status counts ("0": no answer), overall and
 * per kind. This is what {@code --json} writes.
 */
public record Summary(double seconds, long sent, long answered, long late, long notSent, Part all, Map<String, Part> kinds) {

    public record Part(long count, double p50, double p90, double p99, double p999, double max, Map<String, Long> statuses) {
    }

    /** The summary table printed at the end of a run. */
    public String table() {
        var out = new StringBuilder();
        out.append(String.format("%.1f s: %d sent (%.1f/s), %d answered, %d sent late, %d not sent (in-flight bound)%n",
                seconds, sent, seconds == 0 ? 0 : sent / seconds, answered, late, notSent));
        out.append(String.format("%-10s %8s %10s %10s %10s %10s %10s  %s%n", "kind", "count", "p50 ms", "p90 ms", "p99 ms",
                "p99.9 ms", "max ms", "statuses"));
        kinds.forEach((kind, p) -> out.append(row(kind, p)));
        out.append(row("all", all));
        return out.toString();
    }

    private static String row(String name, Part p) {
        var statuses = new StringBuilder();
        p.statuses().forEach((s, n) -> statuses.append(s.equals("0") ? "none" : s).append('=').append(n).append(' '));
        return String.format("%-10s %8d %10.1f %10.1f %10.1f %10.1f %10.1f  %s%n", name, p.count(), p.p50(), p.p90(), p.p99(),
                p.p999(), p.max(), statuses.toString().strip());
    }
}
