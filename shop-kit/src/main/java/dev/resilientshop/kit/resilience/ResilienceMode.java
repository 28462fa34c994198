package dev.resilientshop.kit.resilience;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The resilient/naive switch of a calling service. {@code NAIVE} bypasses every pattern: plain
 * calls with only the HTTP client's default timeout and no fallback, so a person can watch the
 * cascade the seeds describe (seed 002: a 4.8 s query "held connections open, exhausting the
 * pool") and then switch back and watch it stop. Default: resilient.
 */
@ApplicationScoped
public class ResilienceMode {

    public enum Mode {
        RESILIENT, NAIVE;

        public String label() {
            return name().toLowerCase();
        }
    }

    private static final Logger LOG = Logger.getLogger(ResilienceMode.class);

    private final AtomicReference<Mode> mode;
    private final String instance;

    public ResilienceMode(@ConfigProperty(name = "shop.resilience.mode", defaultValue = "resilient") String initial,
            @ConfigProperty(name = "shop.instance", defaultValue = "${quarkus.application.name}") String instance) {
        this.mode = new AtomicReference<>(Mode.valueOf(initial.toUpperCase()));
        this.instance = instance;
    }

    public Mode get() {
        return mode.get();
    }

    public boolean isNaive() {
        return mode.get() == Mode.NAIVE;
    }

    public void set(Mode next) {
        var previous = mode.getAndSet(next);
        if (previous != next) {
            LOG.infof("resilience mode changed: service=%s from=%s to=%s", instance, previous.label(), next.label());
        }
    }
}
