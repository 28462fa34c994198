package dev.resilientshop.order.outbound;

import dev.resilientshop.kit.client.ClientWarmUp;
import dev.resilientshop.kit.health.StartupWork;
import dev.resilientshop.kit.ops.ServiceCredential;
import dev.resilientshop.kit.ops.ServiceCredentialClientFilter;
import dev.resilientshop.order.inventory.InventoryApi;
import dev.resilientshop.order.payment.PaymentApi;
import dev.resilientshop.order.pricing.PricingApi;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/**
 * Builds order-service's three typed REST clients, one per dependency, from the URLs {@code ./shop},
 * compose and the Kubernetes manifests set ({@code quarkus.rest-client.<name>.url}): connect within
 * 500 ms (a refused or unroutable dependency is known at once), read timeout 30 s (the naive
 * mode's; {@link Outbound} cuts each attempt to its own deadline), a pool of
 * {@value #POOL} connections (more than the largest bulkhead, inventory's 100, so the pool never
 * queues what the bulkhead let through), and the {@link ServiceCredential} on every request
 * (inventory's reservations and payment's charges and refunds refuse callers without it, issue 13).
 * Quarkus adds the rest: a CLIENT span per attempt with its W3C {@code traceparent} (when tracing is
 * on), the request's {@code X-Request-Id} (shop-kit's {@code RequestIdClientFilter}), the client
 * metrics.
 *
 * <p>At start-up each client is warmed with a read that changes nothing (shop-kit's
 * {@link ClientWarmUp}) before the service reports ready, so no checkout pays for a cold client.
 */
@ApplicationScoped
public class RestClients {

    static final int POOL = 200;
    static final String WARM_UP = "warm-up: REST clients";
    static final UUID NOBODY = new UUID(0, 0);

    private final ServiceCredential credential;

    RestClients(ServiceCredential credential) {
        this.credential = credential;
    }

    @Produces
    @ApplicationScoped
    PricingApi pricing(@ConfigProperty(name = "quarkus.rest-client.pricing.url") URI url) {
        return build(PricingApi.class, url);
    }

    @Produces
    @ApplicationScoped
    InventoryApi inventory(@ConfigProperty(name = "quarkus.rest-client.inventory.url") URI url) {
        return build(InventoryApi.class, url);
    }

    @Produces
    @ApplicationScoped
    PaymentApi payment(@ConfigProperty(name = "quarkus.rest-client.payment.url") URI url) {
        return build(PaymentApi.class, url);
    }

    private <T> T build(Class<T> api, URI url) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(url)
                .connectTimeout(500, TimeUnit.MILLISECONDS)
                .readTimeout(Outbound.NAIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, POOL)
                .followRedirects(false)
                .register(new ServiceCredentialClientFilter(credential))
                .build(api);
    }

    void warmUp(
            @Observes StartupEvent start,
            StartupWork work,
            PricingApi pricing,
            InventoryApi inventory,
            PaymentApi payment,
            @ConfigProperty(name = "shop.warm-up.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "shop.warm-up.max", defaultValue = "20s") Duration max) {
        if (!enabled) {
            return;
        }
        new ClientWarmUp()
                .call("pricing", () -> pricing.prices("WARM-UP", null))
                .call("inventory", () -> inventory.get(NOBODY, null))
                .call("payment", () -> payment.charges(NOBODY, null))
                .run(work, WARM_UP, max);
    }
}
