package dev.resilientshop.kit.chaos;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness reports DOWN while chaos says so: how a drill takes an instance out of rotation without killing it. */
@Readiness
@ApplicationScoped
public class ChaosReadinessCheck implements HealthCheck {

    private final Chaos chaos;

    public ChaosReadinessCheck(Chaos chaos) {
        this.chaos = chaos;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("chaos");
        return chaos.readinessFails()
                ? builder.down()
                        .withData("reason", "failing readiness on purpose (PUT /ops/chaos)")
                        .build()
                : builder.up().build();
    }
}
