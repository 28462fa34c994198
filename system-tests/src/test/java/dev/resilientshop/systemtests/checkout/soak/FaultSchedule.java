package dev.resilientshop.systemtests.checkout.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A seeded plan of faults: when, what, on which service, for how long. Only the seed decides it, so
 * a soak that found a violation is replayed with the same faults in the same order (the requests
 * around them still race differently: the schedule is the reproducible half of a run).
 *
 * <p>Faults arrive at uniformly random times over the first 90 % of the window (the last 10 % lets
 * the last restart finish before the shoppers stop). One service takes one fault at a time: a fault
 * whose target is still busy (down, restarting, or under another chaos setting, by the estimate
 * {@link #RESTART_ESTIMATE_MS}) goes to another target of its kind or waits for the first one free.
 * Kinds are drawn by {@link FaultKind#weight}.
 */
record FaultSchedule(long seed, Duration window, List<Fault> faults) {

    /** How long {@code ./shop start} takes on the shared 2-core machine, for planning only. */
    static final long RESTART_ESTIMATE_MS = 10_000;

    /** One planned fault; {@code args} are the {@code ./shop chaos} arguments (empty for a process fault). */
    record Fault(int n, long atMs, FaultKind kind, String target, long holdMs, List<String> args) {
        String describe() {
            var what = kind.process
                    ? kind.label() + " " + target + ", restart after " + holdMs + " ms"
                    : kind.label() + " " + target + " " + String.join(" ", args) + " for " + holdMs + " ms";
            return String.format(Locale.ROOT, "#%02d t=%6.1fs %s", n, atMs / 1000.0, what);
        }

        long busyUntilMs() {
            return atMs + holdMs + (kind.process ? RESTART_ESTIMATE_MS : 1_000);
        }
    }

    static FaultSchedule plan(long seed, Duration window, int count) {
        if (count < 1 || window.toMillis() < 10_000) {
            throw new IllegalArgumentException(
                    "a schedule needs at least 1 fault and a 10 s window, but was " + count + " faults in " + window);
        }
        var random = new Random(seed);
        long span = window.toMillis() * 9 / 10;
        var times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = 1_000 + (long) (random.nextDouble() * (span - 1_000));
        }
        Arrays.sort(times);
        var busy = new HashMap<String, Long>();
        var faults = new ArrayList<Fault>();
        for (long at : times) {
            var free = Arrays.stream(FaultKind.values())
                    .filter(k -> k.targets.stream().anyMatch(t -> busy.getOrDefault(t, 0L) <= at))
                    .toList();
            long when = at;
            FaultKind kind;
            if (free.isEmpty()) {
                kind = pick(List.of(FaultKind.values()), random);
                when = kind.targets.stream()
                        .mapToLong(t -> busy.getOrDefault(t, 0L))
                        .min()
                        .orElseThrow();
            } else {
                kind = pick(free, random);
            }
            final long t0 = when;
            var targets = kind.targets.stream()
                    .filter(t -> busy.getOrDefault(t, 0L) <= t0)
                    .toList();
            var target = targets.get(random.nextInt(targets.size()));
            long hold = kind.minHoldMs + (long) (random.nextDouble() * (kind.maxHoldMs - kind.minHoldMs));
            var fault = new Fault(faults.size() + 1, when, kind, target, hold, chaosArgs(kind, random));
            if (when <= span) {
                faults.add(fault);
                busy.put(target, fault.busyUntilMs());
            }
        }
        faults.sort(java.util.Comparator.comparingLong(Fault::atMs));
        var numbered = new ArrayList<Fault>();
        for (var f : faults) {
            numbered.add(new Fault(numbered.size() + 1, f.atMs(), f.kind(), f.target(), f.holdMs(), f.args()));
        }
        return new FaultSchedule(seed, window, List.copyOf(numbered));
    }

    private static FaultKind pick(List<FaultKind> kinds, Random random) {
        int roll = random.nextInt(kinds.stream().mapToInt(k -> k.weight).sum());
        for (var kind : kinds) {
            roll -= kind.weight;
            if (roll < 0) {
                return kind;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Above the caller's timeout most of the time (the answer is lost after the work was done), below it sometimes. */
    private static List<String> chaosArgs(FaultKind kind, Random random) {
        var seed = "seed=" + random.nextInt(1_000_000);
        return switch (kind) {
            case KILL, SIGTERM -> List.of();
            case INVENTORY_LATENCY ->
                List.of("latency=" + (1_800 + random.nextInt(3_000)), "jitter=500", path(random), seed);
            case INVENTORY_HANG -> List.of("hang=" + rate(random, 0.3), path(random), seed);
            case INVENTORY_ERRORS -> List.of("errors=" + rate(random, 0.3), path(random), seed);
            case PAYMENT_LATENCY ->
                List.of("latency=" + (2_000 + random.nextInt(3_000)), "jitter=500", "path=/charges.*", seed);
            case PAYMENT_HANG -> List.of("hang=" + rate(random, 0.3), "path=/charges.*", seed);
            case PAYMENT_ERRORS -> List.of("errors=" + rate(random, 0.3), "path=/charges.*", seed);
            case FRAUD_SLOW -> List.of("latency=" + (1_000 + random.nextInt(2_500)), "jitter=300", seed);
        };
    }

    private static String path(Random random) {
        return "path=" + FaultKind.RESERVATION_PATHS.get(random.nextInt(FaultKind.RESERVATION_PATHS.size()));
    }

    private static String rate(Random random, double min) {
        return String.format(Locale.ROOT, "%.2f", min + random.nextDouble() * (1 - min));
    }

    Map<FaultKind, Integer> byKind() {
        var counts = new EnumMap<FaultKind, Integer>(FaultKind.class);
        faults.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
        return counts;
    }

    /** The schedule as the soak prints it before it starts. */
    String describe() {
        var sb = new StringBuilder(String.format(
                Locale.ROOT, "fault schedule (seed %d, %d faults in %d s):", seed, faults.size(), window.toSeconds()));
        faults.forEach(f -> sb.append("\n  ").append(f.describe()));
        return sb.toString();
    }
}
