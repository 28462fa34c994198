package dev.resilientshop.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headline numbers of one mode's replay, computed from its rows: what the report's table and
 * {@code summary.json} show, and what the CI replay asserts.
 */
public final class Summary {

    /**
     * Figures of one phase: load and page latency while it ran. {@code pageStatuses} and
     * {@code checkoutStatuses} by status ("no answer" for none), so a phase says what its
     * checkouts answered, not only how many answered 5xx. {@code checkoutP50Millis} says how fast
     * most checkouts answered: seed 003's "503 fast" is about those, while the p99 also holds the
     * few that waited for the fraud timeout before the breaker opened. {@code fallbackPages}: pages
     * with a fallback's content, a part of {@code bannerPages}, which also counts pages that only
     * say a part is missing (seed 000: popular items with the patterns, "unavailable" without).
     */
    public record PhaseFigures(
            String phase,
            String kind,
            String at,
            long pages,
            long page5xx,
            double pageP50Millis,
            double pageP99Millis,
            long checkouts,
            long checkout5xx,
            double checkoutP50Millis,
            double checkoutP99Millis,
            long bannerPages,
            long productPages,
            long product5xx,
            double productP50Millis,
            double productP99Millis,
            long stockBannerPages,
            long fallbackPages,
            Map<String, Long> pageStatuses,
            Map<String, Long> checkoutStatuses) {}

    /** Figures of one pipeline over the run. */
    public record DepFigures(
            String firstOpenAt,
            long openSeconds,
            int limitBaseline,
            int limitLowest,
            int limitLast,
            long hedges,
            long retries,
            Map<String, Long> fallbacksBySource) {}

    /**
     * @param pages product and category/search pages; {@code page5xx} counts their 5xx and unanswered
     * @param productPages product pages only ({@code /p/SKU}), the seeds' "product page"
     */
    public record ModeSummary(
            String mode,
            long requests,
            long dropped,
            long pages,
            Map<String, Long> pageStatuses,
            long productPages,
            long product5xx,
            Map<String, Long> browseStatuses,
            long page5xx,
            double page5xxShare,
            double pageP50Millis,
            double pageP99Millis,
            long bannerPages,
            long stockBannerPages,
            long bannerSeconds,
            double bannerMinutes,
            long stockBannerSeconds,
            double stockBannerMinutes,
            Map<String, Long> checkoutStatuses,
            double checkoutP99Millis,
            List<PhaseFigures> phases,
            Map<String, DepFigures> deps,
            boolean healthyBaseline,
            List<String> baselineProblems,
            long rateLimited) {

        /** Failed (5xx or unanswered) product pages over the phases of one kind ({@code baseline}, {@code fault}, ...). */
        public long product5xxIn(String kind) {
            return phases.stream()
                    .filter(p -> p.kind().equals(kind))
                    .mapToLong(PhaseFigures::product5xx)
                    .sum();
        }

        /** Product pages asked for over the phases of one kind. */
        public long productPagesIn(String kind) {
            return phases.stream()
                    .filter(p -> p.kind().equals(kind))
                    .mapToLong(PhaseFigures::productPages)
                    .sum();
        }

        /** The failed share of the product pages of the phases of one kind, 0 when there were none. */
        public double product5xxShareIn(String kind) {
            long pages = productPagesIn(kind);
            return pages == 0 ? 0 : (double) product5xxIn(kind) / pages;
        }
    }

    /**
     * What a person is told when the rate limit refused some of the replay's requests. The replay
     * switches the product page's per-client limit off for its resilient run
     * ({@link Replay#offDuringTheReplay(Scenario, String, String)}), so a 429 here means the limit was back on during the
     * run (someone ran {@code ./shop resilience product-page on}) or a shop that has no switch for it.
     */
    public static java.util.Optional<String> rateLimitNote(ModeSummary s) {
        if (s.rateLimited() == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(
                "%d requests of %s mode answered 429: the product page's rate limit saw the"
                        + " replay's load as one client and refused what it sends above 10 requests/s, so these figures measure the"
                        + " limit too. The replay switches that limit off for its run; was it switched on again meanwhile"
                        + " (./shop resilience product-page show)? Otherwise start the shop with"
                        + " SHOP_RATE_LIMIT_TRUSTED_PROXIES=127.0.0.1/32 ./shop up, or replay with --rps 8.",
                s.rateLimited(), s.mode()));
    }

    private Summary() {}

    /** The summary of one mode's rows; {@code speed} turns wall seconds into the seed's minutes. */
    public static ModeSummary of(String mode, Scenario scenario, double speed, List<Row> rows) {
        var all = new Interval();
        var perPhase = new ArrayList<Interval>();
        for (int i = 0; i < scenario.phases().size(); i++) {
            perPhase.add(new Interval());
        }
        long bannerSeconds = 0;
        long stockBannerSeconds = 0;
        for (var r : rows) {
            if (r.load().pages().stockBanners() > 0) {
                stockBannerSeconds++;
            }
            all.add(r.load());
            perPhase.get(r.phase()).add(r.load());
            if (r.load().pages().banners() > 0) {
                bannerSeconds++;
            }
        }
        var pages = all.pages();
        var checkout = all.kind("checkout");
        var phases = new ArrayList<PhaseFigures>();
        for (int i = 0; i < scenario.phases().size(); i++) {
            var p = scenario.phases().get(i);
            var pi = perPhase.get(i);
            var pp = pi.pages();
            var pc = pi.kind("checkout");
            var pr = pi.kind("product");
            phases.add(new PhaseFigures(
                    p.name(),
                    p.kind(),
                    Timeline.format(p.atSeconds()),
                    pp.count(),
                    pp.failures(),
                    pp.p50Millis(),
                    pp.p99Millis(),
                    pc.count(),
                    pc.failures(),
                    pc.p50Millis(),
                    pc.p99Millis(),
                    pp.banners(),
                    pr.count(),
                    pr.failures(),
                    pr.p50Millis(),
                    pr.p99Millis(),
                    pp.stockBanners(),
                    pp.fallbacks(),
                    named(pp.statuses()),
                    named(pc.statuses())));
        }
        var checkoutStatuses = new TreeMap<String, Long>();
        checkout.statuses().forEach((s, n) -> checkoutStatuses.put(s == 0 ? "no answer" : String.valueOf(s), n));
        var product = all.kind("product");
        return new ModeSummary(
                mode,
                all.count(),
                all.dropped(),
                pages.count(),
                named(pages.statuses()),
                product.count(),
                product.failures(),
                named(all.kind("browse").statuses()),
                pages.failures(),
                pages.count() == 0 ? 0 : (double) pages.failures() / pages.count(),
                pages.p50Millis(),
                pages.p99Millis(),
                pages.banners(),
                pages.stockBanners(),
                bannerSeconds,
                bannerSeconds * speed / 60.0,
                stockBannerSeconds,
                stockBannerSeconds * speed / 60.0,
                checkoutStatuses,
                checkout.p99Millis(),
                phases,
                deps(scenario, rows),
                baselineProblems(mode, phases).isEmpty(),
                baselineProblems(mode, phases),
                all.kinds().values().stream().mapToLong(k -> k.status(429)).sum());
    }

    /**
     * What was wrong in the mode's healthy phases (kind {@code baseline}, before any fault): every
     * page answered 2xx and every checkout 2xx, or the replay did not measure what it says it
     * measured (issue 14: in a seed 003 replay every resilient checkout answered 503 after the 8 s
     * checkout budget, before the fraud API was slowed, and only the whole run's status count,
     * next to the fault's expected 503s, showed it). A 429 counts: a rate-limited load measures the
     * limit, not the shop. Empty when every baseline phase was healthy.
     */
    static List<String> baselineProblems(String mode, List<PhaseFigures> phases) {
        var problems = new ArrayList<String>();
        for (var p : phases) {
            if (!p.kind().equals("baseline")) {
                continue;
            }
            if (p.pages() == 0 && p.checkouts() == 0) {
                problems.add(String.format(
                        "%s mode, phase '%s' (%s): no request was answered or recorded", mode, p.phase(), p.at()));
                continue;
            }
            long badPages = notOk(p.pageStatuses());
            if (badPages > 0) {
                problems.add(String.format(
                        "%s mode, phase '%s' (%s): %d of %d pages not answered 2xx %s, p99 %.0f ms",
                        mode, p.phase(), p.at(), badPages, p.pages(), p.pageStatuses(), p.pageP99Millis()));
            }
            long badCheckouts = notOk(p.checkoutStatuses());
            if (badCheckouts > 0) {
                problems.add(String.format(
                        "%s mode, phase '%s' (%s): %d of %d checkouts not answered 2xx %s, p99 %.0f ms",
                        mode,
                        p.phase(),
                        p.at(),
                        badCheckouts,
                        p.checkouts(),
                        p.checkoutStatuses(),
                        p.checkoutP99Millis()));
            }
        }
        return List.copyOf(problems);
    }

    private static long notOk(Map<String, Long> statuses) {
        return statuses.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("2"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static Map<String, Long> named(Map<Integer, Long> statuses) {
        var out = new TreeMap<String, Long>();
        statuses.forEach((s, n) -> out.put(s == 0 ? "no answer" : String.valueOf(s), n));
        return out;
    }

    static Map<String, DepFigures> deps(Scenario scenario, List<Row> rows) {
        var names = new java.util.LinkedHashSet<String>();
        rows.forEach(r -> names.addAll(r.deps().keySet()));
        int firstFault = firstFaultSeconds(scenario);
        var out = new LinkedHashMap<String, DepFigures>();
        for (var name : names) {
            String firstOpen = null;
            long open = 0;
            var baseline = new ArrayList<Integer>();
            int lowest = Integer.MAX_VALUE;
            int last = 0;
            Row.Dep first = null;
            Row.Dep end = null;
            for (var r : rows) {
                var d = r.deps().get(name);
                if (d == null) {
                    continue;
                }
                if (first == null) {
                    first = d;
                }
                end = d;
                if (d.breakerLevel() == 2) {
                    open++;
                    if (firstOpen == null) {
                        firstOpen = Timeline.format(r.seedSeconds());
                    }
                }
                if (r.seedSeconds() < firstFault) {
                    baseline.add(d.limit());
                } else {
                    lowest = Math.min(lowest, d.limit());
                }
                last = d.limit();
            }
            if (first == null) {
                continue;
            }
            baseline.sort(null);
            int base = baseline.isEmpty() ? first.limit() : baseline.get(baseline.size() / 2);
            var bySource = new TreeMap<String, Long>();
            final var f = first;
            end.fallbacksBySource()
                    .forEach((source, n) ->
                            bySource.put(source, n - f.fallbacksBySource().getOrDefault(source, 0L)));
            out.put(
                    name,
                    new DepFigures(
                            firstOpen == null ? "never" : firstOpen,
                            open,
                            base,
                            lowest == Integer.MAX_VALUE ? base : lowest,
                            last,
                            end.hedges() - first.hedges(),
                            end.retries() - first.retries(),
                            bySource));
        }
        return out;
    }

    static int firstFaultSeconds(Scenario scenario) {
        return scenario.phases().stream()
                .filter(Scenario.Phase::fault)
                .mapToInt(Scenario.Phase::atSeconds)
                .findFirst()
                .orElse(scenario.endSeconds());
    }

    /**
     * What we measured for one claim's {@code measure}, in words, from the resilient and naive
     * summaries (either may be null when that mode did not run).
     */
    public static String measured(String measure, ModeSummary resilient, ModeSummary naive) {
        return measured(measure, resilient, naive, null);
    }

    /** A claim's measure that reads the alerts: {@code alerts:} and the rule names, comma-separated. */
    static final String ALERTS = "alerts:";

    /**
     * Why an alert the seed names cannot fire in this shop, by alert name. Seed 002 has the
     * retry-storm alert fire at T+02:30; here every caller's retries are capped by a retry budget
     * (resilience RetryBudget: 10% of the calls plus a reserve of 10), so retries stay well under
     * the rule's 30% of attempts. The budget is the fix for the storm the alert watches for.
     */
    static final Map<String, String> CANNOT_FIRE_HERE = Map.of(
            "RetryStormDetected",
            "by design: each caller's retry budget allows retries of at most 10% of its calls (plus a reserve of 10), "
                    + "under the rule's 30% of attempts; the budget is what stops the storm the alert watches for");

    /**
     * As {@link #measured(String, ModeSummary, ModeSummary)}, and for an {@code alerts:} measure the
     * alerts' first firings per mode from {@code events} (the replay's events by mode; null when
     * Prometheus did not watch the replay).
     */
    public static String measured(
            String measure, ModeSummary resilient, ModeSummary naive, Map<String, List<Replay.Event>> events) {
        if (measure.startsWith(ALERTS)) {
            return alerts(measure.substring(ALERTS.length()).split(","), events);
        }
        var parts = new ArrayList<String>();
        for (var s : new ModeSummary[] {resilient, naive}) {
            if (s != null) {
                parts.add(s.mode() + ": " + measuredIn(measure, s));
            }
        }
        return String.join("; ", parts);
    }

    /** For each named alert and each mode: when it first fired on the seed's clock, or that it did not (and why, when known). */
    static String alerts(String[] names, Map<String, List<Replay.Event>> events) {
        if (events == null) {
            return NO_ALERT_TIMES;
        }
        var parts = new ArrayList<String>();
        for (var mode : List.of("resilient", "naive")) {
            var list = events.get(mode);
            if (list == null) {
                continue;
            }
            var alerts = new ArrayList<String>();
            for (var name : names) {
                var first = list.stream()
                        .filter(e -> e.kind().equals("alert"))
                        .filter(e -> e.text().equals(name) || e.text().startsWith(name + " ("))
                        .min(java.util.Comparator.comparingDouble(Replay.Event::seedSeconds));
                if (first.isPresent()) {
                    var text = first.get().text();
                    alerts.add(name + " first firing at "
                            + Timeline.format(first.get().seedSeconds())
                            + (text.length() > name.length() ? text.substring(name.length()) : ""));
                } else {
                    var why = mode.equals("resilient") ? CANNOT_FIRE_HERE.get(name) : null;
                    alerts.add(name + " did not fire" + (why == null ? "" : " (" + why + ")"));
                }
            }
            parts.add(mode + ": " + String.join(", ", alerts));
        }
        return String.join("; ", parts);
    }

    static final String NO_ALERT_TIMES =
            "no alert times: Prometheus did not watch this replay (./shop replay --prometheus auto, with Prometheus installed)";

    static String measuredIn(String measure, ModeSummary s) {
        if (measure.startsWith(ALERTS)) {
            return NO_ALERT_TIMES; // alert times come from the replay's events, not from one mode's figures
        }
        if (s.mode().equals("naive") && measure.endsWith("BreakerFirstOpen")) {
            // naive calls go around the pipelines: a breaker's state is whatever resilient mode left
            return "no breaker in the call path (naive mode bypasses the pipelines)";
        }
        return switch (measure) {
            case "productPage5xx" ->
                String.format(
                        "%d 5xx/no answer of %d product pages; category and search pages: %s",
                        s.product5xx(), s.productPages(), s.browseStatuses());
            // the run's share, then the product pages of the fault phases against the healthy phase of the same
            // run: seed 000's "the page fails with its dependency" is about the fault, not the whole run
            case "naive5xxShare" ->
                String.format(
                        Locale.ROOT,
                        "%.1f %% of pages failed, p99 %.0f ms; product pages failed: "
                                + "%d of %d (%.1f %%) in the fault phases, %d of %d (%.1f %%) in the healthy phase",
                        100 * s.page5xxShare(),
                        s.pageP99Millis(),
                        s.product5xxIn("fault"),
                        s.productPagesIn("fault"),
                        100 * s.product5xxShareIn("fault"),
                        s.product5xxIn("baseline"),
                        s.productPagesIn("baseline"),
                        100 * s.product5xxShareIn("baseline"));
            case "bannerMinutes" ->
                String.format(
                        "a notice on %d pages over %d s of wall time = %.1f seed minutes",
                        s.bannerPages(), s.bannerSeconds(), s.bannerMinutes());
            case "stockBannerMinutes" ->
                String.format(
                        "the stock banner on %d pages over %d s of wall time = %.1f seed "
                                + "minutes (any notice: %.1f seed minutes)",
                        s.stockBannerPages(), s.stockBannerSeconds(), s.stockBannerMinutes(), s.bannerMinutes());
            case "inventoryLimit" ->
                dep(
                        s,
                        "product-page/inventory",
                        d -> String.format(
                                "%s limit %d before, lowest %d, %d at the end",
                                "adaptive", d.limitBaseline(), d.limitLowest(), d.limitLast()));
            case "inventoryBreakerFirstOpen" ->
                dep(
                        s,
                        "product-page/inventory",
                        d -> "first open at " + d.firstOpenAt() + ", open " + d.openSeconds() + " s of wall time");
            case "recommendationsBreakerFirstOpen" ->
                dep(
                        s,
                        "product-page/recommendations",
                        d -> "first open at " + d.firstOpenAt() + ", open " + d.openSeconds() + " s of wall time");
            case "pricingBreakerFirstOpen" ->
                dep(
                        s,
                        "product-page/pricing",
                        d -> "first open at " + d.firstOpenAt() + ", open " + d.openSeconds() + " s of wall time");
            case "productLatencyByPhase" -> {
                // per phase, so a page's "as fast as before" reads against the same run's healthy phase
                var parts = new ArrayList<String>();
                for (var p : s.phases()) {
                    parts.add(String.format("%s %.0f/%.0f ms", p.phase(), p.productP50Millis(), p.productP99Millis()));
                }
                yield "product pages p50/p99: " + String.join(", ", parts);
            }
            case "fraudBreakerFirstOpen" ->
                dep(
                        s,
                        "payment/fraud",
                        d -> "first open at " + d.firstOpenAt() + ", open " + d.openSeconds() + " s of wall time");
            case "inventoryHedges" -> dep(s, "product-page/inventory", d -> d.hedges() + " hedged reads");
            case "otherBreakersOpenSeconds" -> {
                var parts = new ArrayList<String>();
                s.deps().forEach((name, d) -> {
                    if (name.startsWith("product-page/") && !name.endsWith("/inventory")) {
                        parts.add(name.substring(name.indexOf('/') + 1) + " open " + d.openSeconds() + " s");
                    }
                });
                yield String.join(", ", parts);
            }
            case "fallbacksBySource" -> {
                var parts = new ArrayList<String>();
                s.deps()
                        .forEach((name, d) -> d.fallbacksBySource().forEach((source, n) -> {
                            if (n > 0) {
                                parts.add(name + " " + source + " " + n);
                            }
                        }));
                yield parts.isEmpty() ? "none" : String.join(", ", parts);
            }
            case "checkoutOutcomes" -> String.format("%s, p99 %.0f ms", s.checkoutStatuses(), s.checkoutP99Millis());
            default -> "(no figure named " + measure + ")";
        };
    }

    private static String dep(ModeSummary s, String name, java.util.function.Function<DepFigures, String> f) {
        var d = s.deps().get(name);
        return d == null ? "(no pipeline " + name + " in /ops/state)" : f.apply(d);
    }
}
