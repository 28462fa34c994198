package dev.resilientshop.kit.chaos;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The service's current faults and the dice that decide, per request, which one applies.
 * Changing the faults is one atomic swap; deciding takes a lock only on the random source (a
 * seeded {@link Random} is what makes a drill repeatable, and chaos is never on a hot path that
 * matters).
 */
@ApplicationScoped
public class Chaos {

    /** What one request gets. */
    public sealed interface Fault {
        record None() implements Fault {}

        record Delay(long millis) implements Fault {}

        record Error(long afterMillis) implements Fault {}

        record Hang(long afterMillis) implements Fault {}
    }

    private static final Fault.None NONE = new Fault.None();
    private static final Logger LOG = Logger.getLogger(Chaos.class);

    private record Active(ChaosConfig config, Pattern path, Random random) {}

    private final AtomicReference<Active> active =
            new AtomicReference<>(new Active(ChaosConfig.NONE, null, new Random()));
    private final String instance;
    private final MeterRegistry metrics;

    public Chaos(
            @ConfigProperty(name = "shop.instance", defaultValue = "${quarkus.application.name}") String instance,
            MeterRegistry metrics) {
        this.instance = instance;
        this.metrics = metrics;
    }

    public ChaosConfig current() {
        return active.get().config();
    }

    public void set(ChaosConfig config) {
        var valid = config.validated();
        var random = valid.seed() == null ? new Random() : new Random(valid.seed());
        var path = valid.pathPattern() == null ? null : Pattern.compile(valid.pathPattern());
        var previous = active.getAndSet(new Active(valid, path, random)).config();
        // One structured event per change: who changed what, for the log-reading half of a drill.
        var fields = java.util.Map.of(
                "event",
                "chaos_changed",
                "service",
                instance,
                "dependency",
                "-",
                "from",
                previous.toString(),
                "to",
                valid.toString(),
                "reason",
                "PUT/DELETE /ops/chaos");
        fields.forEach(org.jboss.logging.MDC::put);
        try {
            LOG.infof("chaos changed: service=%s from=%s to=%s", instance, previous, valid);
        } finally {
            fields.keySet().forEach(org.jboss.logging.MDC::remove);
        }
    }

    public void clear() {
        set(ChaosConfig.NONE);
    }

    public boolean readinessFails() {
        return current().readinessFails();
    }

    /** The fault for a request to {@code path}; {@link Fault.None} for most. */
    public Fault decide(String path) {
        var a = active.get();
        var c = a.config();
        if (!c.isActive() || (a.path() != null && !a.path().matcher(path).matches())) {
            return NONE;
        }
        double roll;
        long delay;
        synchronized (a.random()) {
            roll = a.random().nextDouble();
            delay = c.latency() + (c.jitter() > 0 ? a.random().nextInt(c.jitter() + 1) : 0);
        }
        Fault fault;
        if (roll < c.hangs()) {
            fault = new Fault.Hang(delay);
        } else if (roll < c.hangs() + c.errors()) {
            fault = new Fault.Error(delay);
        } else {
            fault = delay > 0 ? new Fault.Delay(delay) : NONE;
        }
        if (!(fault instanceof Fault.None)) {
            metrics.counter(
                            "chaos_faults_injected",
                            "fault",
                            fault.getClass().getSimpleName().toLowerCase())
                    .increment();
        }
        return fault;
    }
}
