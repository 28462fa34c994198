package dev.resilientshop.testsupport.load;

import java.util.List;
import java.util.Map;

/**
 * A run's figures: how long it ran, requests sent, answered, sent late and not sent (the bound on
 * requests in flight), latency percentiles in ms and status counts ("0": no answer), overall and
 * per kind; what the answers were worth to a shopper ({@link Pages}), over the run and per second
 * of due time. This is what {@code --json} writes.
 */
public record Summary(
        double seconds,
        long sent,
        long answered,
        long late,
        long notSent,
        Part all,
        Map<String, Part> kinds,
        Pages pages,
        List<Second> perSecond) {

    public record Part(
            long count, double p50, double p90, double p99, double p999, double max, Map<String, Long> statuses) {}

    /**
     * Answers by {@link LoadStats.Outcome}: full, degraded, slow (served after {@code budgetMs}),
     * shed, errors; the p99 of the answers served (2xx/3xx, however late) and of those shed, in ms.
     */
    public record Pages(
            double budgetMs,
            long full,
            long degraded,
            long slow,
            long shed,
            long errors,
            double servedP99,
            double shedP99,
            double shedMax) {}

    /** One second of due time: how many of its requests ended as each outcome. */
    public record Second(long full, long degraded, long slow, long shed, long errors) {

        static Second of(long[] counts) {
            return new Second(counts[0], counts[1], counts[2], counts[3], counts[4]);
        }

        public long total() {
            return full + degraded + slow + shed + errors;
        }
    }

    /** The summary table printed at the end of a run. */
    public String table() {
        var out = new StringBuilder();
        out.append(String.format(
                "%.1f s: %d sent (%.1f/s), %d answered, %d sent late, %d not sent (in-flight bound)%n",
                seconds, sent, seconds == 0 ? 0 : sent / seconds, answered, late, notSent));
        out.append(String.format(
                "%-10s %8s %10s %10s %10s %10s %10s  %s%n",
                "kind", "count", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "statuses"));
        kinds.forEach((kind, p) -> out.append(row(kind, p)));
        out.append(row("all", all));
        double per = seconds == 0 ? 0 : 1 / seconds;
        out.append(String.format(
                "pages (budget %.0f ms): full %d (%.1f/s), degraded %d (%.1f/s), slow %d, shed %d (%.1f/s), errors %d;"
                        + " p99 served %.1f ms, p99 shed %.1f ms%n",
                pages.budgetMs(),
                pages.full(),
                pages.full() * per,
                pages.degraded(),
                pages.degraded() * per,
                pages.slow(),
                pages.shed(),
                pages.shed() * per,
                pages.errors(),
                pages.servedP99(),
                pages.shedP99()));
        return out.toString();
    }

    private static String row(String name, Part p) {
        var statuses = new StringBuilder();
        p.statuses()
                .forEach((s, n) -> statuses.append(s.equals("0") ? "none" : s)
                        .append('=')
                        .append(n)
                        .append(' '));
        return String.format(
                "%-10s %8d %10.1f %10.1f %10.1f %10.1f %10.1f  %s%n",
                name,
                p.count(),
                p.p50(),
                p.p90(),
                p.p99(),
                p.p999(),
                p.max(),
                statuses.toString().strip());
    }
}
