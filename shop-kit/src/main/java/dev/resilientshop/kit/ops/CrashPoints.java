package dev.resilientshop.kit.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Failure injection for the crash drills: when the code reaches the armed point, the process dies
 * on the spot ({@code Runtime.halt(137)}, as {@code kill -9}: no shutdown hooks, no graceful drain,
 * the HTTP connection just drops). A service names its points in {@code shop.crash-points} and
 * calls {@link #reached} at each; order-service's saga and payment's charge do (see their
 * READMEs). Off by default; armed only through {@code PUT /ops/crash-point}, which needs the ops
 * token. One shot: a restarted process is unarmed.
 */
@ApplicationScoped
public class CrashPoints {

    private static final Logger LOG = Logger.getLogger(CrashPoints.class);

    private final List<String> points;
    private final AtomicReference<String> armed = new AtomicReference<>();
    private Runnable halt = () -> Runtime.getRuntime().halt(137);

    @Inject
    public CrashPoints(@ConfigProperty(name = "shop.crash-points") Optional<List<String>> points) {
        this(points.orElse(List.of()));
    }

    public CrashPoints(List<String> points) {
        this.points = List.copyOf(points);
    }

    /** The points this service can crash at (none unless it declares them). */
    public List<String> points() {
        return points;
    }

    public Optional<String> armed() {
        return Optional.ofNullable(armed.get());
    }

    public void arm(String point) {
        if (point != null && !points.contains(point)) {
            throw new IllegalArgumentException("unknown crash point " + point + ", one of " + points);
        }
        armed.set(point);
    }

    /** For tests: what "dying" does. */
    public void onCrash(Runnable halt) {
        this.halt = halt;
    }

    /** Called by the service at each point; dies if this one is armed. */
    public void reached(String point) {
        if (point.equals(armed.getAndUpdate(p -> point.equals(p) ? null : p))) { // one shot, by value
            LOG.errorf("CRASH DRILL: halting at crash point %s (armed through /ops/crash-point)", point);
            halt.run();
        }
    }
}
