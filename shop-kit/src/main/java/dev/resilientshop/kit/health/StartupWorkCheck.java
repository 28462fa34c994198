package dev.resilientshop.kit.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** {@code /q/health/started}: DOWN while any {@link StartupWork} is pending. */
@Startup
@ApplicationScoped
public class StartupWorkCheck implements HealthCheck {

    private final StartupWork work;

    public StartupWorkCheck(StartupWork work) {
        this.work = work;
    }

    @Override
    public HealthCheckResponse call() {
        return work.check();
    }
}
