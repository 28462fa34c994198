package dev.resilientshop.replay;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One incident, as data ({@code scenarios/<name>.json} on the classpath): the seed's story as
 * phases on the seed's clock ("at T+02:30 apply this chaos to that service"), the load that runs
 * under it, and the claims the seed makes, each tied to a figure the replay measures.
 *
 * @param start seed time of the first phase, e.g. {@code -02:00} (a healthy baseline before T+0)
 * @param end seed time at which the replay stops
 * @param load arrivals per second and the request mix
 * @param phases in time order; the first starts at {@code start}
 * @param claims "the seed says / we measured" rows of the report
 * @param patternsOff patterns the resilient run switches off because the seed's service did not
 *     have them (none when absent)
 */
public record Scenario(
        String name,
        String title,
        String seed,
        String story,
        String start,
        String end,
        Load load,
        List<Phase> phases,
        List<Claim> claims,
        List<PatternsOff> patternsOff) {

    /**
     * Patterns of one calling service that the resilient run switches off, and why: the shop has
     * grown a pattern the seed's service lacked, and with it on the replay would not tell the
     * seed's story (seed 002's slow replica is ejected by the product page after five reads, so
     * its breaker and banner never come). The report says so.
     */
    public record PatternsOff(String service, List<String> patterns, String why) {
        public PatternsOff {
            patterns = List.copyOf(patterns);
            if (why == null || why.isBlank()) {
                throw new IllegalArgumentException("patternsOff for " + service + " must say why");
            }
        }
    }

    /** A scenario without patterns switched off. */
    public Scenario(
            String name,
            String title,
            String seed,
            String story,
            String start,
            String end,
            Load load,
            List<Phase> phases,
            List<Claim> claims) {
        this(name, title, seed, story, start, end, load, phases, claims, null);
    }

    /** The patterns the resilient run switches off on {@code service}. */
    public List<String> patternsOff(String service) {
        return patternsOff.stream()
                .filter(p -> p.service().equals(service))
                .flatMap(p -> p.patterns().stream())
                .toList();
    }

    static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** The names of the scenarios bundled with the replay, in the order {@code ./shop replay} lists them. */
    public static final List<String> BUNDLED = List.of(
            "seed-002-timeline",
            "seed-000-recs-down",
            "seed-003-fraud-cascade",
            "recommendations-slow",
            "pricing-hangs",
            "inventory-down",
            "inventory-slow-tail",
            "inventory-latency-spike",
            "order-service-slow");

    /**
     * The bundled scenarios named after a page of {@code docs/what-happens-when/} (issue 14): each
     * page's fault with the page's own numbers, replayed by {@code ./shop replay <page>}.
     */
    public static final List<String> PAGES =
            BUNDLED.stream().filter(n -> !n.startsWith("seed-")).toList();

    /**
     * @param rps arrivals per second (open model: the rate does not drop when the shop slows down)
     * @param mix request kind → weight: {@code product} (/p/SKU), {@code browse} (/c/category),
     *     {@code checkout} (POST /orders on order-service)
     */
    public record Load(int rps, Map<String, Integer> mix) {}

    /**
     * @param at seed time, {@code [+-]mm:ss}
     * @param kind {@code baseline}, {@code fault}, {@code fix} or {@code recovery}: the report shades fault phases
     * @param says what the seed says happens in this phase (shown in the report)
     * @param actions chaos applied when the phase starts
     */
    public record Phase(String at, String name, String kind, String says, List<Action> actions) {

        public Phase {
            actions = actions == null ? List.of() : List.copyOf(actions);
            if (!List.of("baseline", "fault", "fix", "recovery").contains(kind)) {
                throw new IllegalArgumentException(
                        "phase " + name + ": kind must be baseline, fault, fix or recovery, was " + kind);
            }
        }

        public int atSeconds() {
            return Timeline.seconds(at);
        }

        public boolean fault() {
            return kind.equals("fault");
        }
    }

    /**
     * One fault switched on or off through a service's {@code /ops/chaos}.
     *
     * @param service a service name of services.conf
     * @param chaos the body of {@code PUT /ops/chaos}; null (or {@code off}) clears the faults
     */
    public record Action(String service, JsonNode chaos, Boolean off) {

        public boolean clears() {
            return Boolean.TRUE.equals(off) || chaos == null || chaos.isNull();
        }

        public String describe() {
            return service + (clears() ? " chaos off" : " chaos " + chaos);
        }
    }

    /**
     * @param says the seed's words
     * @param measure the key of a figure in the summary (see {@link Summary})
     */
    public record Claim(String says, String measure) {}

    public Scenario {
        phases = List.copyOf(phases);
        claims = claims == null ? List.of() : List.copyOf(claims);
        patternsOff = patternsOff == null ? List.of() : List.copyOf(patternsOff);
        if (phases.isEmpty()) {
            throw new IllegalArgumentException(name + ": no phases");
        }
        if (phases.get(0).atSeconds() != Timeline.seconds(start)) {
            throw new IllegalArgumentException(name + ": the first phase must start at " + start);
        }
        for (int i = 1; i < phases.size(); i++) {
            if (phases.get(i).atSeconds() <= phases.get(i - 1).atSeconds()) {
                throw new IllegalArgumentException(
                        name + ": phase " + phases.get(i).name() + " does not come after "
                                + phases.get(i - 1).name());
            }
        }
        if (Timeline.seconds(end) <= phases.get(phases.size() - 1).atSeconds()) {
            throw new IllegalArgumentException(name + ": end " + end + " is not after the last phase");
        }
    }

    public int startSeconds() {
        return Timeline.seconds(start);
    }

    public int endSeconds() {
        return Timeline.seconds(end);
    }

    /** The services the scenario puts chaos on (the runner clears them before and after). */
    public List<String> chaosServices() {
        var services = new ArrayList<String>();
        for (var p : phases) {
            for (var a : p.actions()) {
                if (!services.contains(a.service())) {
                    services.add(a.service());
                }
            }
        }
        return services;
    }

    public static Scenario parse(InputStream json) throws IOException {
        return JSON.readValue(json, Scenario.class);
    }

    /** A bundled scenario by name. */
    public static Scenario load(String name) throws IOException {
        try (var in = Scenario.class.getResourceAsStream("/scenarios/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException(
                        "no scenario '" + name + "' (there are: " + String.join(", ", BUNDLED) + ")");
            }
            return parse(in);
        }
    }
}
