package dev.resilientshop.productpage.inventory;

import dev.resilientshop.productpage.dependency.Background;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Client-side load balancing over the inventory replicas (seed 003, "Health Checks and Load
 * Balancing": round robin over the backends that pass an active health check).
 *
 * <p>Every {@code shop.inventory.health-check.every} (1 s) each replica's {@code /q/health/ready}
 * is asked, with a 500 ms timeout. {@value #FALL} failed checks in a row take a replica out of the
 * rotation; one passing check brings it back. Reads go round robin over the healthy ones; when
 * none passes, over all of them (a check can be wrong; a refused connection fails fast and the
 * snapshot fallback takes over). {@link Pick#hedge()} is always a different replica than the
 * attempt before it, so a hedged read never asks the slow replica twice.
 *
 * <p>Each {@link Kind} of read has its own rotation. A product page reads the product and then its
 * stock, one right after the other: with one counter for all reads, one client's stock reads would
 * all go to one replica and its product reads to the other (ReplicaRotationTest), and with ten
 * clients how many stock reads met a slow replica would be left to how their pages interleave
 * (drill 2, HedgedInventoryDrillTest).
 *
 * <p>Each replica is its own REST client ({@code quarkus.rest-client.inventory.url} and
 * {@code quarkus.rest-client.inventory-secondary.url}); the health state is exported as
 * {@code inventory_replica_healthy{replica}}. Thread-safe.
 */
@ApplicationScoped
@Startup
class InventoryReplicas {

    static final int FALL = 2;
    private static final Logger LOG = Logger.getLogger(InventoryReplicas.class);

    /** One replica: its name, URL, client and health. */
    static final class Replica {
        final String name;
        final URI url;
        final InventoryApi api;
        volatile boolean healthy = true;
        final AtomicInteger failedChecks = new AtomicInteger();

        Replica(String name, URI url, InventoryApi api) {
            this.name = name;
            this.url = url;
            this.api = api;
        }

        void checked(boolean passed) {
            if (passed) {
                failedChecks.set(0);
                if (!healthy) {
                    LOG.infof("inventory replica %s passed its health check: back in the rotation", name);
                }
                healthy = true;
            } else if (failedChecks.incrementAndGet() >= FALL && healthy) {
                healthy = false;
                LOG.warnf("inventory replica %s failed %d health checks: out of the rotation", name, FALL);
            }
        }
    }

    /** What a read asks for; each kind goes round robin on its own. */
    enum Kind {
        /** One product, or a batch of them by SKU (a cart's lines). */
        PRODUCT,
        /** One SKU's stock count. */
        STOCK,
        /** The categories, or a category or search page's listing. */
        LISTING
    }

    private final List<Replica> replicas;
    private final Map<Kind, AtomicInteger> next = new EnumMap<>(Kind.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    InventoryReplicas(@ConfigProperty(name = "quarkus.rest-client.inventory.url") URI primary,
            @ConfigProperty(name = "quarkus.rest-client.inventory-secondary.url") Optional<URI> secondary,
            @ConfigProperty(name = "quarkus.rest-client.inventory.connect-timeout", defaultValue = "500") long connectMillis,
            @ConfigProperty(name = "quarkus.rest-client.inventory.read-timeout", defaultValue = "10000") long readMillis,
            @ConfigProperty(name = "shop.inventory.health-check.enabled", defaultValue = "true") boolean checks,
            @ConfigProperty(name = "shop.inventory.health-check.every", defaultValue = "1s") Duration every,
            Background background, MeterRegistry meters) {
        var list = new ArrayList<Replica>();
        list.add(new Replica("inventory-primary", primary, client(primary, connectMillis, readMillis)));
        secondary.filter(s -> !s.equals(primary))
                .ifPresent(s -> list.add(new Replica("inventory-secondary", s, client(s, connectMillis, readMillis))));
        this.replicas = List.copyOf(list);
        for (var kind : Kind.values()) {
            next.put(kind, new AtomicInteger());
        }
        for (var r : replicas) {
            Gauge.builder("inventory_replica_healthy", r, x -> x.healthy ? 1 : 0).tag("replica", r.name)
                    .description("1 while the replica passes its health checks and is in the rotation")
                    .strongReference(true).register(meters);
        }
        if (checks) {
            background.every("inventory-health", every, this::checkAll);
        }
    }

    private static InventoryApi client(URI url, long connectMillis, long readMillis) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(url)
                .connectTimeout(connectMillis, TimeUnit.MILLISECONDS)
                .readTimeout(readMillis, TimeUnit.MILLISECONDS)
                .build(InventoryApi.class);
    }

    void checkAll() {
        for (var r : replicas) {
            var request = HttpRequest.newBuilder(r.url.resolve("/q/health/ready")).timeout(Duration.ofMillis(500)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> r.checked(error == null && response.statusCode() == 200));
        }
    }

    /** The primary replica's client: what naive mode uses (no balancing, no hedging). */
    InventoryApi primary() {
        return replicas.get(0).api;
    }

    /** The replicas for one logical read of this kind: the next healthy one in its rotation first. */
    Pick pick(Kind kind) {
        var healthy = replicas.stream().filter(r -> r.healthy).toList();
        var rotation = healthy.isEmpty() ? replicas : healthy;
        int start = Math.floorMod(next.get(kind).getAndIncrement(), rotation.size());
        return new Pick(rotation, start, replicas);
    }

    /** Names of the replicas in the rotation now (for tests and the README's story). */
    public List<String> inRotation() {
        return replicas.stream().filter(r -> r.healthy).map(r -> r.name).toList();
    }

    /**
     * The targets of one logical read: {@link #attempt()} walks the rotation (a retry goes to the
     * next replica), {@link #hedge()} is a replica other than the latest attempt's.
     */
    static final class Pick {
        private final List<Replica> rotation;
        private final List<Replica> all;
        private final AtomicInteger attempts;
        private volatile Replica last;

        Pick(List<Replica> rotation, int start, List<Replica> all) {
            this.rotation = rotation;
            this.all = all;
            this.attempts = new AtomicInteger(start);
        }

        Replica attempt() {
            var r = rotation.get(Math.floorMod(attempts.getAndIncrement(), rotation.size()));
            last = r;
            return r;
        }

        Replica hedge() {
            var avoid = last;
            return rotation.stream().filter(r -> r != avoid).findFirst()
                    .orElseGet(() -> all.stream().filter(r -> r != avoid).findFirst().orElse(avoid));
        }
    }
}
