package dev.resilientshop.kit.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code /q/health/started} and {@code /q/health/ready}: DOWN while any {@link StartupWork} is
 * pending. Readiness too, because "ready" is what {@code ./shop up}, compose and a load balancer
 * wait for: a page served before its clients are warm shows every fallback (issue 11, item 20).
 */
@Startup
@Readiness
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
