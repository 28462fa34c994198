package dev.resilientshop.kit.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Start-up work that takes time after the port opens (warming clients, filling caches): a
 * service names each piece with {@link #begin} and {@link #done}, and the startup check
 * ({@code /q/health/started}, Kubernetes' {@code startupProbe}) and the readiness check stay
 * DOWN, naming what is still running, until all of it is done: no traffic reaches a service whose
 * clients are still cold. Liveness is not judged before the startup probe passes, so a slow
 * warm-up never gets a healthy pod restarted. (Migrations and seed loading run before the port
 * opens: until then the probe simply gets no answer.)
 */
@ApplicationScoped
public class StartupWork {

    private final Map<String, Boolean> work = new ConcurrentHashMap<>();

    public void begin(String name) {
        work.put(name, false);
    }

    public void done(String name) {
        work.put(name, true);
    }

    public Set<String> pending() {
        var pending = new TreeSet<String>();
        work.forEach((name, finished) -> {
            if (!finished) {
                pending.add(name);
            }
        });
        return pending;
    }

    HealthCheckResponse check() {
        var pending = pending();
        var builder = HealthCheckResponse.named("start-up work").withData("done", work.size() - pending.size());
        return pending.isEmpty()
                ? builder.up().build()
                : builder.down().withData("pending", String.join(", ", pending)).build();
    }
}
