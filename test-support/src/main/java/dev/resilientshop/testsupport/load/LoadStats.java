package dev.resilientshop.testsupport.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a run measured: per kind of request a latency histogram (HdrHistogram, microseconds,
 * three significant digits, up to an hour) and the count of every status (0 = no answer: refused,
 * reset or timed out), plus the requests that could not be sent on time. Latency is measured from
 * the moment the request was DUE, not from when it left: a generator that fell behind, or a
 * request that waited for a free slot, shows as latency instead of vanishing (coordinated
 * omission). Thread-safe; completions arrive on the HTTP client's threads.
 *
 * <p>Each answer is also judged as a shopper would ({@link Outcome}): a full page within the
 * budget, a degraded one (a fallback showed), a page that came too late, a request shed at the
 * door, or an error; counted over the run and per second of due time, so a run says how many
 * full pages per second the shop served, and how soon after a spike full pages came back.
 */
public final class LoadStats {

    /** What an answer was worth to a shopper. */
    public enum Outcome {
        /** Served within the budget, with nothing degraded: what a shopper wants. */
        FULL,
        /** Served within the budget, with a fallback (a notice, a last known price). */
        DEGRADED,
        /** Served, but after the budget: the shopper had given up. */
        SLOW,
        /** Refused at the door: 429, or a 503 marked as shed ({@link Reply}). */
        SHED,
        /** No answer, a failed page (5xx), or any other refusal. */
        ERROR;

        /** Judges one answer against the page budget. */
        public static Outcome of(Reply reply, long latencyNanos, long budgetNanos) {
            if (reply.shed()) {
                return SHED;
            }
            if (reply.status() < 200 || reply.status() >= 400) {
                return ERROR;
            }
            if (latencyNanos > budgetNanos) {
                return SLOW;
            }
            return reply.degraded() ? DEGRADED : FULL;
        }
    }

    /** The page budget of seed 002: a page later than this is not a page the shopper saw. */
    public static final long DEFAULT_BUDGET_NANOS = 500_000_000L;

    /**
     * One request: its kind, when it was due (the clock's nanos; in the {@link ClosedLoop}, when
     * its client sent it), its latency, its status, and whether the answer showed a fallback
     * ({@link Reply#degraded()}, however late it came).
     */
    public record Sample(String kind, long dueNanos, long latencyNanos, int status, boolean degraded) {

        public double latencyMillis() {
            return latencyNanos / 1e6;
        }

        /** A 5xx, or no answer at all. */
        public boolean failed() {
            return status >= 500 || status == 0;
        }
    }

    /** Samples kept for callers that look at the run over time (drills); beyond this only the histograms count. */
    static final int MAX_SAMPLES = 500_000;

    private final Map<String, Histogram> latency = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Long>> statuses = new LinkedHashMap<>();
    private final Histogram interval = histogram();
    private final Map<Integer, Long> intervalStatuses = new TreeMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private long sent;
    private long answered;
    private long intervalSent;
    private long intervalAnswered;
    private long late;
    private long dropped;
    private long degraded;
    private final long budgetNanos;
    private final long[] outcomes = new long[Outcome.values().length];
    private final long[] intervalOutcomes = new long[Outcome.values().length];
    private final List<long[]> perSecond = new ArrayList<>();
    private final Histogram served = histogram();
    private final Histogram shed = histogram();
    private long startNanos;
    private boolean started;

    public LoadStats() {
        this(DEFAULT_BUDGET_NANOS);
    }

    /** @param budgetNanos the page budget: a page served later counts as {@link Outcome#SLOW} */
    public LoadStats(long budgetNanos) {
        if (budgetNanos <= 0) {
            throw new IllegalArgumentException("budget must be above zero, was " + budgetNanos + " ns");
        }
        this.budgetNanos = budgetNanos;
    }

    /**
     * The stats of some samples of a run (a slice of its time, a burst, the samples of other
     * stats): each recorded again as it was answered; a 503 counts as shed only with a 429.
     */
    public static LoadStats of(List<Sample> samples) {
        var stats = new LoadStats();
        for (var s : samples) {
            stats.sent();
            stats.record(
                    s.kind(), s.dueNanos(), s.latencyNanos(), new Reply(s.status(), s.degraded(), s.status() == 429));
        }
        return stats;
    }

    /** The stats of the samples due (sent) at or after {@code fromNanos} (the clock's nanos). */
    public LoadStats since(long fromNanos) {
        return of(samples().stream().filter(s -> s.dueNanos() >= fromNanos).toList());
    }

    /** The run's start (the first due time): per-second outcomes count from here. */
    synchronized void start(long nanos) {
        startNanos = nanos;
        started = true;
    }

    static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    synchronized void sent() {
        sent++;
        intervalSent++;
    }

    /** A request sent later than its due time by more than the tolerance (the generator fell behind). */
    synchronized void late() {
        late++;
    }

    /** A request not sent at all: the bound on requests in flight was reached. */
    synchronized void dropped() {
        dropped++;
    }

    synchronized void record(String kind, long dueNanos, long latencyNanos, int status) {
        record(kind, dueNanos, latencyNanos, Reply.of(status));
    }

    synchronized void record(String kind, long dueNanos, long latencyNanos, Reply reply) {
        int status = reply.status();
        var outcome = Outcome.of(reply, latencyNanos, budgetNanos);
        outcomes[outcome.ordinal()]++;
        intervalOutcomes[outcome.ordinal()]++;
        if (!started) {
            start(dueNanos);
        }
        int second = (int) Math.max(0, (dueNanos - startNanos) / 1_000_000_000L);
        while (perSecond.size() <= second) {
            perSecond.add(new long[Outcome.values().length]);
        }
        perSecond.get(second)[outcome.ordinal()]++;
        long micros = Math.max(1, Math.min(latencyNanos / 1_000, 3_600_000_000L));
        latency.computeIfAbsent(kind, k -> histogram()).recordValue(micros);
        statuses.computeIfAbsent(kind, k -> new TreeMap<>()).merge(status, 1L, Long::sum);
        interval.recordValue(micros);
        intervalStatuses.merge(status, 1L, Long::sum);
        if (outcome == Outcome.SHED) {
            shed.recordValue(micros);
        } else if (status >= 200 && status < 400) {
            served.recordValue(micros);
        }
        answered++;
        intervalAnswered++;
        if (reply.degraded()) {
            degraded++;
        }
        if (samples.size() < MAX_SAMPLES) {
            samples.add(new Sample(kind, dueNanos, latencyNanos, status, reply.degraded()));
        }
    }

    /**
     * The live line of the last interval, and a fresh interval: elapsed seconds, requests sent and
     * answered per second, p50/p99 of the answers, their statuses, and the totals of late and
     * dropped requests.
     */
    public synchronized String intervalLine(double elapsedSeconds, double intervalSeconds, int inFlight) {
        var line = String.format(
                "[%5.1fs] sent %5.1f/s answered %5.1f/s  p50 %7.1f ms  p99 %7.1f ms  status %s"
                        + "  full %d degraded %d slow %d shed %d error %d  late %d  not sent %d  in flight %d",
                elapsedSeconds,
                intervalSent / intervalSeconds,
                intervalAnswered / intervalSeconds,
                interval.getValueAtPercentile(50) / 1e3,
                interval.getValueAtPercentile(99) / 1e3,
                statusText(intervalStatuses),
                intervalOutcomes[0],
                intervalOutcomes[1],
                intervalOutcomes[2],
                intervalOutcomes[3],
                intervalOutcomes[4],
                late,
                dropped,
                inFlight);
        java.util.Arrays.fill(intervalOutcomes, 0);
        interval.reset();
        intervalStatuses.clear();
        intervalSent = 0;
        intervalAnswered = 0;
        return line;
    }

    public synchronized long sentCount() {
        return sent;
    }

    public synchronized long answeredCount() {
        return answered;
    }

    public synchronized long lateCount() {
        return late;
    }

    public synchronized long droppedCount() {
        return dropped;
    }

    /** Answers that failed: a 5xx, or none at all (status 0). */
    public synchronized long failedCount() {
        long failed = 0;
        for (var counts : statuses.values()) {
            for (var e : counts.entrySet()) {
                if (e.getKey() == 0 || e.getKey() >= 500) {
                    failed += e.getValue();
                }
            }
        }
        return failed;
    }

    /** Answers with {@code status} (0: no answer), of every kind. */
    public synchronized long statusCount(int status) {
        return statuses(null).getOrDefault(status, 0L);
    }

    /**
     * Answers that showed a fallback ({@link Reply#degraded()}: a notice, a last known price, the
     * closed loop's mark), however late they came; {@link Outcome#DEGRADED} counts only those
     * within the budget.
     */
    public synchronized long degradedCount() {
        return degraded;
    }

    /** The drills' one line: answers, p50 and p99 in ms, and failed answers (5xx or none). */
    public synchronized String line() {
        return String.format(
                "%d requests, p50 %.1f ms, p99 %.1f ms, 5xx %d",
                answered, percentileMillis(null, 50), percentileMillis(null, 99), failedCount());
    }

    /** Copies of the samples (up to {@value #MAX_SAMPLES}), in order of completion. */
    public synchronized List<Sample> samples() {
        return Collections.unmodifiableList(new ArrayList<>(samples));
    }

    /** Latency of one kind ({@code null}: every kind) in ms at percentile {@code p} (0-100); 0 when none. */
    public synchronized double percentileMillis(String kind, double p) {
        var h = merged(kind);
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / 1e3;
    }

    /** The count of each status of one kind ({@code null}: every kind). */
    public synchronized Map<Integer, Long> statuses(String kind) {
        var out = new TreeMap<Integer, Long>();
        statuses.forEach((k, counts) -> {
            if (kind == null || kind.equals(k)) {
                counts.forEach((status, n) -> out.merge(status, n, Long::sum));
            }
        });
        return out;
    }

    /** How many answers had {@code outcome}, over the whole run. */
    public synchronized long count(Outcome outcome) {
        return outcomes[outcome.ordinal()];
    }

    public synchronized List<String> kinds() {
        return List.copyOf(latency.keySet());
    }

    /** The whole run, as the summary prints it and {@code --json} writes it. */
    public synchronized Summary summary(double seconds) {
        var kinds = new LinkedHashMap<String, Summary.Part>();
        for (var kind : latency.keySet()) {
            kinds.put(kind, part(kind));
        }
        var seconds1 = new ArrayList<Summary.Second>();
        for (var counts : perSecond) {
            seconds1.add(Summary.Second.of(counts));
        }
        var pages = new Summary.Pages(
                budgetNanos / 1e6,
                outcomes[0],
                outcomes[1],
                outcomes[2],
                outcomes[3],
                outcomes[4],
                ms(served, 99),
                ms(shed, 99),
                shed.getTotalCount() == 0 ? 0 : shed.getMaxValue() / 1e3);
        return new Summary(seconds, sent, answered, late, dropped, part(null), kinds, pages, seconds1);
    }

    private Summary.Part part(String kind) {
        var h = merged(kind);
        var counts = new LinkedHashMap<String, Long>();
        statuses(kind).forEach((status, n) -> counts.put(String.valueOf(status), n));
        return new Summary.Part(
                h.getTotalCount(),
                ms(h, 50),
                ms(h, 90),
                ms(h, 99),
                ms(h, 99.9),
                h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1e3,
                counts);
    }

    private static double ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / 1e3;
    }

    private Histogram merged(String kind) {
        var h = histogram();
        latency.forEach((k, each) -> {
            if (kind == null || kind.equals(k)) {
                h.add(each);
            }
        });
        return h;
    }

    static String statusText(Map<Integer, Long> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        var parts = new ArrayList<String>();
        counts.forEach((status, n) -> parts.add((status == 0 ? "none" : String.valueOf(status)) + "=" + n));
        return String.join(" ", parts);
    }
}
