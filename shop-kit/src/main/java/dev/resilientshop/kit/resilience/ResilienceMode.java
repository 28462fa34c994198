package dev.resilientshop.kit.resilience;

import dev.resilientshop.resilience.pipeline.Layer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The resilience switch of a calling service. {@code NAIVE} bypasses every pattern: plain
 * calls with only the HTTP client's default timeout and no fallback, so a person can watch the
 * cascade the seeds describe (seed 002: a 4.8 s query "held connections open, exhausting the
 * pool") and then switch back and watch it stop. Default: resilient.
 *
 * <p>Between the two, one pattern at a time can be switched off ({@link Pattern}): "turn off
 * hedging only and watch the tail come back". It is also how a drill proves that the outcome it
 * checks is its pattern's doing and not a neighbour's: the same checks must fail with only that
 * pattern off. Pipelines ask {@link #layerOff()} on every call, so a change takes effect at once.
 */
@ApplicationScoped
public class ResilienceMode {

    public enum Mode {
        RESILIENT,
        NAIVE;

        public String label() {
            return name().toLowerCase();
        }
    }

    /** What can be switched off, by the names the API and {@code ./shop resilience} use. */
    public enum Pattern {
        BREAKER("breaker", Layer.BREAKER),
        /** The fixed bulkhead and the adaptive limit alike. */
        BULKHEAD("bulkhead", Layer.LIMIT),
        RETRY("retry", Layer.RETRY),
        /** Per-attempt timeouts and the request deadline: the HTTP client's own timeout is all that is left. */
        TIMEOUT("timeout", Layer.TIMEOUT),
        HEDGING("hedging", Layer.HEDGING),
        FALLBACK("fallback", Layer.FALLBACK),
        /** The product page's per-client token buckets (not a pipeline layer). */
        RATE_LIMIT("rate-limit", null),
        /** The product page's bound on requests in flight at its door (not a pipeline layer). */
        LOAD_SHEDDING("load-shedding", null),
        /**
         * The product page's passive ejection of an inventory replica that fails its reads (not a
         * pipeline layer: it changes where a read goes, not whether it is made).
         */
        OUTLIER_EJECTION("outlier-ejection", null);

        private final String label;
        private final Layer layer;

        Pattern(String label, Layer layer) {
            this.label = label;
            this.layer = layer;
        }

        public String label() {
            return label;
        }

        public static Optional<Pattern> of(String label) {
            return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst();
        }

        /** Layer → pattern, built once: {@link #layerOff()} runs several times on every call. */
        private static final Map<Layer, Pattern> BY_LAYER = byLayer();

        private static Map<Layer, Pattern> byLayer() {
            var map = new EnumMap<Layer, Pattern>(Layer.class);
            for (var p : values()) {
                if (p.layer != null) {
                    map.put(p.layer, p);
                }
            }
            return map;
        }

        static Pattern of(Layer layer) {
            return BY_LAYER.get(layer);
        }

        public static List<String> labels() {
            return Arrays.stream(values()).map(Pattern::label).toList();
        }
    }

    /** Mode and switched-off patterns change together, so a reader never sees half a change. */
    private record Setting(Mode mode, Set<Pattern> off) {}

    private static final Logger LOG = Logger.getLogger(ResilienceMode.class);

    private volatile Setting setting;
    private final String instance;

    public ResilienceMode(
            @ConfigProperty(name = "shop.resilience.mode", defaultValue = "resilient") String initial,
            @ConfigProperty(name = "shop.instance", defaultValue = "${quarkus.application.name}") String instance) {
        this.setting = new Setting(
                Mode.valueOf(initial.toUpperCase()), Collections.unmodifiableSet(EnumSet.noneOf(Pattern.class)));
        this.instance = instance;
    }

    public Mode get() {
        return setting.mode();
    }

    public boolean isNaive() {
        return setting.mode() == Mode.NAIVE;
    }

    /** Whether {@code pattern} is off now: switched off by name, or the whole service is naive. */
    public boolean isOff(Pattern pattern) {
        var s = setting;
        return s.mode() == Mode.NAIVE || s.off().contains(pattern);
    }

    /** The patterns switched off by name (empty in naive mode unless named: naive turns off all anyway). */
    public Set<Pattern> off() {
        return setting.off();
    }

    /** For {@code PipelineBuilder.switchedOff}: a pipeline layer is off when its pattern is. */
    public Predicate<Layer> layerOff() {
        return layer -> {
            var s = setting;
            if (s.mode() == Mode.NAIVE) {
                return true;
            }
            var pattern = Pattern.of(layer);
            return pattern != null && !s.off().isEmpty() && s.off().contains(pattern);
        };
    }

    /** The mode, with every pattern on again (as a PUT of just the mode does). */
    public void set(Mode next) {
        set(next, Set.of());
    }

    public synchronized void set(Mode next, Set<Pattern> off) {
        var previous = setting;
        var copy = off.isEmpty() ? EnumSet.noneOf(Pattern.class) : EnumSet.copyOf(off);
        setting = new Setting(next, Collections.unmodifiableSet(copy));
        if (previous.mode() != next || !previous.off().equals(copy)) {
            LOG.infof(
                    "resilience mode changed: service=%s from=%s to=%s off=%s",
                    instance,
                    previous.mode().label(),
                    next.label(),
                    copy.stream().map(Pattern::label).toList());
        }
    }
}
