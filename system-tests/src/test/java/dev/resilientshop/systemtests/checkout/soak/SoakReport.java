package dev.resilientshop.systemtests.checkout.soak;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a soak printed at the end: the seed to replay it, what the shoppers saw, the faults, and every violation. */
record SoakReport(
        long seed,
        double minutes,
        List<Shopper.Outcome> outcomes,
        Map<String, Integer> ordersByStatus,
        List<FaultInjector.Injected> faults,
        List<String> violations,
        List<String> notes,
        long settleMs,
        long totalMs) {

    int checkouts() {
        return outcomes.size();
    }

    int confirmed() {
        return ordersByStatus.getOrDefault("CONFIRMED", 0);
    }

    long faultsApplied() {
        return faults.stream().filter(FaultInjector.Injected::applied).count();
    }

    Map<String, Long> answers() {
        return new TreeMap<>(outcomes.stream()
                .collect(Collectors.groupingBy(
                        o -> o.status() == 0 ? "no final answer" : String.valueOf(o.status()), Collectors.counting())));
    }

    Map<FaultKind, Long> faultsByKind() {
        var counts = new EnumMap<FaultKind, Long>(FaultKind.class);
        faults.stream()
                .filter(FaultInjector.Injected::applied)
                .forEach(f -> counts.merge(f.fault().kind(), 1L, Long::sum));
        return counts;
    }

    String replay() {
        return "./shop soak --minutes " + minutes + " --seed " + seed;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder();
        sb.append("SOAK seed=")
                .append(seed)
                .append(" checkouts=")
                .append(checkouts())
                .append(" confirmed=")
                .append(confirmed())
                .append(" violations=")
                .append(violations.size())
                .append(" (")
                .append(totalMs / 1000)
                .append(" s, settle ")
                .append(settleMs / 1000)
                .append(" s)\n");
        sb.append("SOAK answers the shoppers ended with: ").append(answers()).append('\n');
        var gaveUp = new TreeMap<String, Long>(outcomes.stream()
                .filter(o -> o.status() == 0)
                .collect(Collectors.groupingBy(
                        o -> o.detail().replaceFirst("^gave up after \\d+ s; last: ", ""), Collectors.counting())));
        if (!gaveUp.isEmpty()) {
            sb.append("SOAK last answer of the checkouts given up: ")
                    .append(gaveUp)
                    .append('\n');
        }
        sb.append("SOAK orders by status: ").append(ordersByStatus).append('\n');
        sb.append("SOAK faults by kind: ")
                .append(faultsByKind().entrySet().stream()
                        .map(e -> e.getKey().label() + "=" + e.getValue())
                        .collect(Collectors.joining(", ", "{", "}")))
                .append(" (")
                .append(faultsApplied())
                .append(" applied of ")
                .append(faults.size())
                .append(" planned)\n");
        faults.stream()
                .filter(f -> !f.applied())
                .forEach(f -> sb.append("SOAK not applied: ")
                        .append(f.fault().describe())
                        .append(": ")
                        .append(f.note())
                        .append('\n'));
        notes.forEach(n -> sb.append("SOAK ").append(n).append('\n'));
        sb.append("SOAK violations: ").append(violations.size());
        violations.forEach(v -> sb.append("\n  - ").append(v));
        if (!violations.isEmpty()) {
            sb.append("\nSOAK replay this schedule: ").append(replay());
        }
        return sb.toString();
    }
}
