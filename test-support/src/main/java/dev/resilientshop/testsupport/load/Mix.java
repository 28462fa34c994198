package dev.resilientshop.testsupport.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What share of the requests is which kind of page: {@code browse=80,product=15,checkout=5}.
 * The kinds are spread evenly over every cycle of {@link #cycle()} requests (smooth weighted
 * round-robin), not drawn at random, so a short run already has the configured proportions and a
 * run is repeatable: of any 100 consecutive requests of that mix exactly 80 browse.
 */
public final class Mix {

    /** The kinds {@link ShopRequests} knows how to send. */
    public static final Set<String> KINDS = Set.of("browse", "product", "checkout");

    private final Map<String, Integer> weights;
    private final List<String> cycle;

    private Mix(Map<String, Integer> weights) {
        this.weights = Collections.unmodifiableMap(weights);
        this.cycle = List.copyOf(spread(weights));
    }

    /** One kind only (e.g. the drills' "category pages only"); any name, for a caller's own {@link Sender}. */
    public static Mix only(String kind) {
        return of(Map.of(kind, 1));
    }

    /** Kinds of the caller's choosing (a {@link Sender} of its own knows them), weights as in {@link #parse}. */
    public static Mix of(Map<String, Integer> weights) {
        var copy = new LinkedHashMap<String, Integer>();
        weights.forEach((kind, weight) -> {
            if (kind == null || kind.isBlank() || weight == null || weight < 0) {
                throw new IllegalArgumentException(
                        "mix weight " + kind + "=" + weight + " is not a kind with a non-negative weight");
            }
            if (weight > 0) {
                copy.put(kind, weight);
            }
        });
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("mix weights add up to 0; at least one must be positive");
        }
        return new Mix(copy);
    }

    /**
     * Parses {@code kind=weight[,kind=weight...]}. Weights are non-negative integers, at least one
     * is positive, each kind is one of {@link #KINDS} and appears once; anything else is an
     * {@link IllegalArgumentException} whose message says what is wrong and what is expected.
     */
    public static Mix parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--mix is empty; expected e.g. browse=80,product=15,checkout=5");
        }
        var weights = new LinkedHashMap<String, Integer>();
        for (var part : text.split(",", -1)) {
            var entry = part.strip();
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("--mix entry '" + entry + "' is not kind=weight (e.g. browse=80)");
            }
            var kind = entry.substring(0, eq).strip();
            var number = entry.substring(eq + 1).strip();
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException(
                        "--mix kind '" + kind + "' is unknown; kinds are browse, product, checkout");
            }
            int weight;
            try {
                weight = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--mix weight of " + kind + " is '" + number + "', not a whole number");
            }
            if (weight < 0) {
                throw new IllegalArgumentException("--mix weight of " + kind + " is negative (" + weight + ")");
            }
            if (weights.put(kind, weight) != null) {
                throw new IllegalArgumentException("--mix names " + kind + " twice");
            }
        }
        long total = weights.values().stream().mapToLong(Integer::longValue).sum();
        if (total == 0) {
            throw new IllegalArgumentException("--mix weights add up to 0; at least one must be positive");
        }
        if (total > 10_000) {
            throw new IllegalArgumentException(
                    "--mix weights add up to " + total + "; use percentages (at most 10000 in all)");
        }
        weights.values().removeIf(w -> w == 0);
        return new Mix(weights);
    }

    /** The kind of the {@code index}-th request of a run. */
    public String kindOf(long index) {
        return cycle.get((int) Math.floorMod(index, (long) cycle.size()));
    }

    public Map<String, Integer> weights() {
        return weights;
    }

    /** One cycle of kinds; its length is the sum of the weights. */
    public List<String> cycle() {
        return cycle;
    }

    @Override
    public String toString() {
        var parts = new ArrayList<String>();
        weights.forEach((k, w) -> parts.add(k + "=" + w));
        return String.join(",", parts);
    }

    /** Smooth weighted round-robin: each step every kind gains its weight, the richest is picked and pays the total. */
    private static List<String> spread(Map<String, Integer> weights) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        var current = new LinkedHashMap<String, Integer>();
        weights.keySet().forEach(k -> current.put(k, 0));
        var out = new ArrayList<String>(total);
        for (int i = 0; i < total; i++) {
            String best = null;
            for (var e : weights.entrySet()) {
                int c = current.merge(e.getKey(), e.getValue(), Integer::sum);
                if (best == null || c > current.get(best)) {
                    best = e.getKey();
                }
            }
            current.merge(best, -total, Integer::sum);
            out.add(best);
        }
        return out;
    }
}
