package dev.resilientshop.productpage.inventory;

import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.ResilienceReset;
import dev.resilientshop.productpage.dependency.Background;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.outlier.OutlierEjection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
import java.util.concurrent.CancellationException;
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
 * <p>A health check only sees a replica that is down. A replica that is up but slow, or that fails
 * its reads while {@code /q/health/ready} stays green, is found by the reads themselves: passive
 * outlier ejection (the library's {@link OutlierEjection}, Envoy's outlier detection). Five failed
 * reads in a row ({@code shop.inventory.outlier.consecutive-failures}) take it out of the rotation
 * for 5 s ({@code base-ejection}), twice as long after each ejection in a row, at most 60 s
 * ({@code max-ejection}); back in, it is on probation until a read succeeds, and one failed read
 * ejects it again. The last replica in is never ejected. Seed 002's timeline is the
 * failure this prevents: one replica's p99 went from 12 to 480 ms and then past the timeout, its
 * checks stayed green, and round robin kept sending it every other read, each one waiting out the
 * 250 ms attempt timeout before the retry on the healthy replica answered. {@link #outcome} says
 * what counts: a timeout, a refused connection or a 5xx, not a 4xx (the caller's fault) and not a
 * hedge that lost (cancelled before its own deadline: the replica was not wrong, only slower than
 * the other one). Exported as {@code inventory_replica_ejected{replica}} and
 * {@code inventory_replica_ejections_total{replica}}.
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

    /** One replica: its name, URL, client, health and run of failed reads. */
    static final class Replica {
        final String name;
        final URI url;
        final InventoryApi api;
        final OutlierEjection.Host reads;
        volatile boolean healthy = true;
        final AtomicInteger failedChecks = new AtomicInteger();

        Replica(String name, URI url, InventoryApi api, OutlierEjection.Host reads) {
            this.name = name;
            this.url = url;
            this.api = api;
            this.reads = reads;
        }

        /** In the rotation: passing its health checks and, while {@code ejecting}, not ejected for failing reads. */
        boolean inRotation(boolean ejecting) {
            return healthy && !(ejecting && reads.isEjected());
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
    private final ResilienceMode mode;
    private final OutlierEjection outliers;
    private final Map<Kind, AtomicInteger> next = new EnumMap<>(Kind.class);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    InventoryReplicas(
            @ConfigProperty(name = "quarkus.rest-client.inventory.url") URI primary,
            @ConfigProperty(name = "quarkus.rest-client.inventory-secondary.url") Optional<URI> secondary,
            @ConfigProperty(name = "quarkus.rest-client.inventory.connect-timeout", defaultValue = "500")
                    long connectMillis,
            @ConfigProperty(name = "quarkus.rest-client.inventory.read-timeout", defaultValue = "10000")
                    long readMillis,
            @ConfigProperty(name = "shop.inventory.health-check.enabled", defaultValue = "true") boolean checks,
            @ConfigProperty(name = "shop.inventory.health-check.every", defaultValue = "1s") Duration every,
            @ConfigProperty(name = "shop.inventory.outlier.consecutive-failures") int failures,
            @ConfigProperty(name = "shop.inventory.outlier.base-ejection") Duration baseEjection,
            @ConfigProperty(name = "shop.inventory.outlier.max-ejection") Duration maxEjection,
            Background background,
            MeterRegistry meters,
            Clock clock,
            ResilienceMode mode) {
        this.mode = mode;
        this.outliers = new OutlierEjection(failures, baseEjection, maxEjection, clock);
        var list = new ArrayList<Replica>();
        list.add(new Replica(
                "inventory-primary",
                primary,
                client(primary, connectMillis, readMillis),
                outliers.host("inventory-primary")));
        secondary
                .filter(s -> !s.equals(primary))
                .ifPresent(s -> list.add(new Replica(
                        "inventory-secondary",
                        s,
                        client(s, connectMillis, readMillis),
                        outliers.host("inventory-secondary"))));
        this.replicas = List.copyOf(list);
        for (var kind : Kind.values()) {
            next.put(kind, new AtomicInteger());
        }
        for (var r : replicas) {
            Gauge.builder("inventory_replica_healthy", r, x -> x.healthy ? 1 : 0)
                    .tag("replica", r.name)
                    .description(
                            "1 while the replica passes its health checks (it can still be out of the rotation: see inventory_replica_ejected)")
                    .strongReference(true)
                    .register(meters);
            Gauge.builder("inventory_replica_ejected", r, x -> x.reads.isEjected() ? 1 : 0)
                    .tag("replica", r.name)
                    .description("1 while the replica is out of the rotation for failing its reads (outlier ejection)")
                    .strongReference(true)
                    .register(meters);
            FunctionCounter.builder("inventory_replica_ejections", r, x -> x.reads.ejections())
                    .tag("replica", r.name)
                    .description("Times the replica was taken out of the rotation for failing its reads")
                    .register(meters);
        }
        if (checks) {
            background.every("inventory-health", every, this::checkAll);
        }
    }

    private static InventoryApi client(URI url, long connectMillis, long readMillis) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(url)
                .connectTimeout(connectMillis, TimeUnit.MILLISECONDS)
                .readTimeout(readMillis, TimeUnit.MILLISECONDS)
                .build(InventoryApi.class);
    }

    void checkAll() {
        for (var r : replicas) {
            var request = HttpRequest.newBuilder(r.url.resolve("/q/health/ready"))
                    .timeout(Duration.ofMillis(500))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> r.checked(error == null && response.statusCode() == 200));
        }
    }

    /** {@code POST /ops/resilience/reset}: every replica back in the rotation, runs of failures and doublings forgotten. */
    void onReset(@Observes ResilienceReset reset) {
        outliers.reset();
    }

    /** The primary replica's client: what naive mode uses (no balancing, no hedging). */
    InventoryApi primary() {
        return replicas.get(0).api;
    }

    /**
     * The replicas for one logical read of this kind: the next one in its rotation first. The
     * rotation is the replicas that pass their checks and are not ejected; when that leaves none,
     * the ones that pass their checks; when none does, all of them.
     */
    Pick pick(Kind kind) {
        boolean ejecting = ejecting();
        return pick(replicas, next.get(kind).getAndIncrement(), ejecting);
    }

    /**
     * {@link #pick(Kind)} on {@code replicas} at {@code turn} of its rotation. One {@code ejecting}
     * decides both which replicas the rotation leaves out and whether the read's attempts feed the
     * ejection ({@link Pick#ejecting()}): read twice, a mode switched in between would make a read
     * that avoids ejected replicas without counting its failures, or the other way round.
     */
    static Pick pick(List<Replica> replicas, int turn, boolean ejecting) {
        var in = replicas.stream().filter(r -> r.inRotation(ejecting)).toList();
        var healthy = in.isEmpty() ? replicas.stream().filter(r -> r.healthy).toList() : in;
        var rotation = healthy.isEmpty() ? replicas : healthy;
        return new Pick(rotation, Math.floorMod(turn, rotation.size()), replicas, ejecting);
    }

    /** Names of the replicas in the rotation now (for tests and the README's story). */
    public List<String> inRotation() {
        boolean ejecting = ejecting();
        return replicas.stream()
                .filter(r -> r.inRotation(ejecting))
                .map(r -> r.name)
                .toList();
    }

    /**
     * Whether reads feed and obey the outlier ejection: off with {@code ./shop resilience product-page
     * off=outlier-ejection} (the seed 002 replay does that: the seed's service had none), and then
     * nothing is counted either, so switching it on again starts from a clean slate.
     */
    boolean ejecting() {
        return !mode.isOff(ResilienceMode.Pattern.OUTLIER_EJECTION);
    }

    /**
     * Tells {@code replica}'s outlier ejection how one read attempt ended, given the attempt's own
     * deadline: an answer (a 4xx that is the caller's fault comes here as an answer too) ends its
     * run of failures; a failure adds to it. A cancelled attempt counts only when its deadline had
     * passed (the pipeline's timeout cancels it then); cancelled before, it was a hedge that lost
     * or a page that gave up, and says nothing about the replica.
     */
    static void outcome(Replica replica, Deadline attempt, Throwable failure) {
        if (failure == null) {
            replica.reads.succeeded();
        } else if (!(failure instanceof CancellationException) || attempt.isExpired()) {
            if (replica.reads.failed()) {
                LOG.warnf(
                        "inventory replica %s failed its reads in a row: out of the rotation for %d s (ejection %d)",
                        replica.name, replica.reads.ejectedFor().toSeconds(), replica.reads.ejections());
            }
        }
    }

    /**
     * The targets of one logical read: {@link #attempt()} walks the rotation (a retry goes to the
     * next replica), {@link #hedge()} is a replica other than the latest attempt's, and
     * {@link #ejecting()} says whether its attempts feed the outlier ejection, as decided when the
     * rotation was chosen.
     */
    static final class Pick {
        private final List<Replica> rotation;
        private final List<Replica> all;
        private final boolean ejecting;
        private final AtomicInteger attempts;
        private volatile Replica last;

        Pick(List<Replica> rotation, int start, List<Replica> all, boolean ejecting) {
            this.rotation = rotation;
            this.all = all;
            this.ejecting = ejecting;
            this.attempts = new AtomicInteger(start);
        }

        /** Whether this read's attempts go to {@link InventoryReplicas#outcome}: the same value that chose the rotation. */
        boolean ejecting() {
            return ejecting;
        }

        Replica attempt() {
            var r = rotation.get(Math.floorMod(attempts.getAndIncrement(), rotation.size()));
            last = r;
            return r;
        }

        Replica hedge() {
            var avoid = last;
            return rotation.stream()
                    .filter(r -> r != avoid)
                    .findFirst()
                    .orElseGet(() ->
                            all.stream().filter(r -> r != avoid).findFirst().orElse(avoid));
        }
    }
}
