package dev.resilientshop.kit.health;

import io.quarkus.smallrye.health.runtime.QuarkusAsyncHealthCheckFactory;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Every health check, the framework's (Redis, datasource) and the shop's alike, answers within
 * {@code shop.health.check-timeout} (seed 002: readiness answers within 3 s). The framework's
 * checks are bounded only by their client's own timeouts, and a dependency that accepts the
 * connection and then says nothing (a hung Redis, a database whose packets go nowhere) held
 * readiness for 10 s and more: longer than any probe waits, so the orchestrator saw a timeout
 * instead of "Redis: DOWN".
 *
 * <p>SmallRye Health turns each check into a {@link Uni} through its check factory; this one
 * replaces Quarkus' factory (same threads, same context handling) and adds two things per check:
 * <ul>
 *   <li>a deadline: a check with no answer after the cap is reported DOWN under its last known
 *       name (the class name until it has answered once), with the reason;</li>
 *   <li>no pile-up: while a blocking check's previous call has been running for the cap or
 *       longer (it hangs), a new probe does not start another one (each would hold a worker
 *       thread for as long as the dependency hangs) but answers DOWN at once, saying how long the
 *       previous one has waited. Probes that merely overlap (a kubelet, the launcher and the
 *       product page's replica checks ask independently) all run.</li>
 * </ul>
 * The checks run in parallel, so readiness as a whole answers within about one cap.
 */
@Singleton
@Alternative
@Priority(1)
public class BoundedHealthChecks extends QuarkusAsyncHealthCheckFactory {

    private final Duration cap;
    private final Map<Class<?>, Probe> probes = new ConcurrentHashMap<>();

    public BoundedHealthChecks(
            Vertx vertx, @ConfigProperty(name = "shop.health.check-timeout", defaultValue = "1500ms") Duration cap) {
        super(vertx);
        if (cap.isNegative() || cap.isZero()) {
            throw new IllegalArgumentException("shop.health.check-timeout must be positive: " + cap);
        }
        this.cap = cap;
    }

    public Duration cap() {
        return cap;
    }

    @Override
    public Uni<HealthCheckResponse> callSync(HealthCheck healthCheck) {
        var probe = probeOf(healthCheck);
        return bounded(super.callSync(() -> probe.call(healthCheck)), probe);
    }

    @Override
    public Uni<HealthCheckResponse> callAsync(AsyncHealthCheck asyncHealthCheck) {
        var probe = probeOf(asyncHealthCheck);
        return bounded(super.callAsync(asyncHealthCheck).invoke(probe::remember), probe);
    }

    private Uni<HealthCheckResponse> bounded(Uni<HealthCheckResponse> check, Probe probe) {
        return check.ifNoItem()
                .after(cap)
                .recoverWithItem(() -> HealthCheckResponse.named(probe.name())
                        .down()
                        .withData("reason", "no answer within " + cap.toMillis() + " ms")
                        .build());
    }

    /**
     * SmallRye asks this factory again for every health request (with the check bean it has just
     * looked up), so what must outlive one request is kept per check class.
     */
    private Probe probeOf(Object check) {
        return probes.computeIfAbsent(beanClass(check), type -> new Probe(type, cap));
    }

    static Class<?> beanClass(Object check) {
        Class<?> type = check.getClass();
        // a normal-scoped bean is reached through its client proxy, a subclass of the bean class
        if (type.getName().endsWith("_ClientProxy") && type.getSuperclass() != Object.class) {
            type = type.getSuperclass();
        }
        return type;
    }

    /**
     * One check's memory across requests: the name it last answered under (its class name before
     * the first answer), and whether a blocking call of it is still running.
     */
    static final class Probe {
        private static final long IDLE = Long.MIN_VALUE;
        private final AtomicLong runningSince = new AtomicLong(IDLE);
        private final long capNanos;
        private volatile String name;

        Probe(Class<?> type, Duration cap) {
            this.name = type.getSimpleName();
            this.capNanos = cap.toNanos();
        }

        String name() {
            return name;
        }

        void remember(HealthCheckResponse response) {
            if (response != null && response.getName() != null) {
                name = response.getName();
            }
        }

        /**
         * Runs the check, unless a previous call of it has been running for the cap or longer
         * (it hangs): then says so at once. A previous call that is merely still running (two
         * probes that overlap, a check that takes a while) does not make this one DOWN: both run.
         */
        HealthCheckResponse call(HealthCheck check) {
            long now = System.nanoTime();
            long since = runningSince.get();
            if (since != IDLE && now - since >= capNanos) {
                return HealthCheckResponse.named(name)
                        .down()
                        .withData(
                                "reason",
                                "the previous check has not answered for " + (now - since) / 1_000_000 + " ms")
                        .build();
            }
            boolean tracked = since == IDLE && runningSince.compareAndSet(IDLE, now);
            try {
                var response = check.call();
                remember(response);
                return response;
            } catch (RuntimeException e) {
                return HealthCheckResponse.named(name)
                        .down()
                        .withData("error", e.toString())
                        .build();
            } finally {
                if (tracked) {
                    runningSince.set(IDLE);
                }
            }
        }
    }
}
