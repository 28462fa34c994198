package dev.resilientshop.replay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One second (or any span) of load outcomes per request kind ({@code product}, {@code browse},
 * {@code checkout}): count, status classes, p50/p99 from an HdrHistogram, and how many pages
 * showed a degradation notice ("banner") or the stock banner.
 */
public final class Interval {

    /** Counts of one request kind. Status 0 = no answer (timeout or connection refused). */
    public static final class Kind {
        final Histogram latency = new Histogram(60_000_000L, 2); // µs, up to a minute
        final Map<Integer, Long> statuses = new TreeMap<>();
        long banners;
        long stockBanners;
        long fallbacks;

        public long count() {
            return latency.getTotalCount();
        }

        public double p50Millis() {
            return count() == 0 ? 0 : latency.getValueAtPercentile(50) / 1000.0;
        }

        public double p99Millis() {
            return count() == 0 ? 0 : latency.getValueAtPercentile(99) / 1000.0;
        }

        public double maxMillis() {
            return count() == 0 ? 0 : latency.getMaxValue() / 1000.0;
        }

        /** 5xx answers plus requests that got no answer at all: what a user sees as "the shop is broken". */
        public long failures() {
            return statuses.entrySet().stream()
                    .filter(e -> e.getKey() >= 500 || e.getKey() == 0)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        public long status(int code) {
            return statuses.getOrDefault(code, 0L);
        }

        public Map<Integer, Long> statuses() {
            return statuses;
        }

        public long banners() {
            return banners;
        }

        public long stockBanners() {
            return stockBanners;
        }

        /** Pages that showed a fallback's content (popular items, a last known price, the stock snapshot). */
        public long fallbacks() {
            return fallbacks;
        }

        void add(Kind other) {
            latency.add(other.latency);
            other.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            banners += other.banners;
            stockBanners += other.stockBanners;
            fallbacks += other.fallbacks;
        }
    }

    private final Map<String, Kind> kinds = new LinkedHashMap<>();
    long dropped;

    /** Records one request's outcome (a page that showed no fallback's content). */
    public void record(String kind, long latencyMicros, int status, boolean banner, boolean stockBanner) {
        record(kind, latencyMicros, status, banner, stockBanner, false);
    }

    /**
     * Records one request's outcome; {@code fallback}: the page showed a fallback's content, not
     * only a notice that a part is missing.
     */
    public synchronized void record(
            String kind, long latencyMicros, int status, boolean banner, boolean stockBanner, boolean fallback) {
        var k = kinds.computeIfAbsent(kind, x -> new Kind());
        k.latency.recordValue(Math.max(0, Math.min(latencyMicros, k.latency.getHighestTrackableValue())));
        k.statuses.merge(status, 1L, Long::sum);
        if (banner) {
            k.banners++;
        }
        if (stockBanner) {
            k.stockBanners++;
        }
        if (fallback) {
            k.fallbacks++;
        }
    }

    /** An arrival the generator could not send because its own cap of requests in flight was reached. */
    public synchronized void drop() {
        dropped++;
    }

    public synchronized Kind kind(String name) {
        return kinds.getOrDefault(name, new Kind());
    }

    public synchronized Map<String, Kind> kinds() {
        return new LinkedHashMap<>(kinds);
    }

    public synchronized long dropped() {
        return dropped;
    }

    /** All kinds that are pages of the product page (everything but checkout). */
    public synchronized Kind pages() {
        var all = new Kind();
        kinds.forEach((name, k) -> {
            if (!name.equals("checkout")) {
                all.add(k);
            }
        });
        return all;
    }

    public synchronized long count() {
        return kinds.values().stream().mapToLong(Kind::count).sum();
    }

    /** Adds {@code other}'s outcomes to this one (sums of intervals: a phase, a whole run). */
    public synchronized void add(Interval other) {
        other.kinds()
                .forEach((name, k) ->
                        kinds.computeIfAbsent(name, x -> new Kind()).add(k));
        dropped += other.dropped();
    }
}
