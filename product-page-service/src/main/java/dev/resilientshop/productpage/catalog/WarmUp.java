package dev.resilientshop.productpage.catalog;

import dev.resilientshop.kit.health.StartupWork;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One read to each inventory replica as the service starts, so the first visitor's page does
 * not pay for class loading and the first connections out of its 500 ms budget (which would
 * send it to the snapshot fallback for nothing). Failures are ignored: a replica that is not up
 * yet is the health checks' business. Until it is done, the startup check reports it as pending.
 */
class WarmUp {

    static final String WORK = "warm-up: inventory replicas";

    void onStart(@Observes StartupEvent event, InventoryReplicas replicas, StartupWork work,
            @ConfigProperty(name = "shop.warm-up.enabled", defaultValue = "true") boolean enabled) {
        if (enabled) {
            // the startup probe (/q/health/started) waits for it, at most 5 s
            work.begin(WORK);
            replicas.warmUp().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).whenComplete((ok, failure) -> work.done(WORK));
        }
    }
}
