package dev.resilientshop.order.outbound;

import dev.resilientshop.kit.ops.ServiceCredential;
import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.tracing.HttpClientTracing;
import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerEvent;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.resilientshop.kit.resilience.SharedPool;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every call order-service makes to another service goes through here: one
 * {@link ResiliencePipeline} per dependency ({@code Bulkhead(CircuitBreaker(Retry(Timeout(call))))}),
 * declared the one way ({@code shop.dependency.<name>.*} in application.properties, built and
 * registered by shop-kit's {@link DependencyPipelines}, so {@code /ops/state} and the metrics show
 * it), each attempt bounded by a child of the request's {@link Deadline}: the HTTP timeout is what
 * is left, and the callee is told what is left in {@link Deadline#HEADER}, so nobody downstream
 * works for an answer we stopped waiting for.
 *
 * <p>Per dependency (seed 003 timeouts; seed 002 bulkheads; application.properties says why):
 * <ul>
 * <li>pricing: 1 s per attempt, 3 attempts (a read), bulkhead 75 waiting up to 500 ms;</li>
 * <li>inventory: 2 s, 3 attempts (reserve is keyed by order, release/commit by reservation), bulkhead 100;</li>
 * <li>payment: 3 s (seed 003's payment timeout), 2 attempts, allowed only because every charge
 *     carries the Idempotency-Key {@code charge-<orderId>}; bulkhead 50.</li>
 * </ul>
 * Breakers: shop-kit's defaults, 5 consecutive failures or 50 % of the last 20 open them; reset
 * after 10 s ({@code shop.dependency.<name>.breaker.reset-timeout}). What counts is shop-kit's
 * {@code HealthSignal}: a 4xx other than 408/429 never counts and is never retried; 408 and 429
 * count like a 5xx.
 *
 * <p>Every call carries the {@link ServiceCredential} ({@value ServiceCredential#HEADER}): inventory's
 * reservations and payment's charges and refunds refuse callers without it (issue 13).
 *
 * <p>In naive mode ({@code /ops/resilience}) every layer is bypassed: one attempt, no breaker,
 * and the HTTP client's own 30 s timeout, on a connection of the one pool every naive call of
 * this service shares ({@link SharedPool}, 20, 10 s), to show what the patterns prevent.
 */
@ApplicationScoped
public class Outbound {

    public record Reply(int status, String body) {
    }

    static final Duration NAIVE_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final DependencyPipelines pipelines;
    private final ResilienceMode mode;
    private final Clock clock;
    private final Map<String, String> urls;
    private final Map<String, Long> openedAtNanos = new ConcurrentHashMap<>();
    private final ServiceCredential credential;
    private final SharedPool sharedPool;
    private final HttpClientTracing tracing;

    Outbound(DependencyPipelines pipelines, ResilienceMode mode, Clock clock, ServiceCredential credential,
            SharedPool sharedPool, String pricingUrl, String inventoryUrl, String paymentUrl) {
        this(pipelines, mode, clock, credential, sharedPool, HttpClientTracing.noop(), pricingUrl, inventoryUrl, paymentUrl);
    }

    @Inject
    Outbound(DependencyPipelines pipelines, ResilienceMode mode, Clock clock, ServiceCredential credential,
            SharedPool sharedPool, HttpClientTracing tracing,
            @ConfigProperty(name = "quarkus.rest-client.pricing.url") String pricingUrl,
            @ConfigProperty(name = "quarkus.rest-client.inventory.url") String inventoryUrl,
            @ConfigProperty(name = "quarkus.rest-client.payment.url") String paymentUrl) {
        this.tracing = tracing;
        this.pipelines = pipelines;
        this.mode = mode;
        this.clock = clock;
        this.credential = credential;
        this.sharedPool = sharedPool;
        this.urls = Map.of("pricing", pricingUrl, "inventory", inventoryUrl, "payment", paymentUrl);
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Whether the dependency's breaker is open and its reset timeout has not run out: calls would
     * fail fast, so there is no use starting work that needs it. Once the reset timeout is over this
     * says false even though the breaker still reads OPEN (it moves to half-open only when a call
     * tries it): a caller that asked first and then stayed away would starve the breaker of its probe.
     */
    public boolean breakerOpen(String dependency) {
        if (mode.isOff(ResilienceMode.Pattern.BREAKER) || pipeline(dependency).circuitBreaker().state() != State.OPEN) {
            return false;
        }
        var opened = openedAtNanos.get(dependency);
        return opened != null && clock.nanoTime() - opened < pipelines.config(dependency).breaker().resetTimeout().toNanos();
    }

    public Reply get(String dependency, String path, Deadline deadline) {
        return call(dependency, deadline, HttpRequest.newBuilder(uri(dependency, path)).GET(), null);
    }

    public Reply post(String dependency, String path, String json, String idempotencyKey, Deadline deadline) {
        var request = HttpRequest.newBuilder(uri(dependency, path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return call(dependency, deadline, request, idempotencyKey);
    }

    private URI uri(String dependency, String path) {
        var url = urls.get(dependency);
        if (url == null) {
            throw new IllegalArgumentException("unknown dependency " + dependency);
        }
        return URI.create(url + path);
    }

    private Reply call(String dependency, Deadline deadline, HttpRequest.Builder request, String key) {
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        credential.value().ifPresent(c -> request.header(ServiceCredential.HEADER, c));
        if (mode.isNaive()) {
            return naive(dependency, request);
        }
        return pipeline(dependency).call(deadline, attempt -> send(dependency, request.copy(), attempt));
    }

    /**
     * Naive mode: the plain call on a connection of the service's one shared pool
     * ({@link SharedPool}), held for as long as the dependency takes; a call that finds the pool
     * full waits for a connection first. So a slow payment fills this pool as it fills payment's
     * (seed 003: "your order service, which calls the payment service, also starts timing out").
     */
    private Reply naive(String dependency, HttpRequest.Builder request) {
        try {
            return sharedPool.call(dependency, () -> CompletableFuture.completedFuture(
                    send(dependency, request, Deadline.after(NAIVE_TIMEOUT, clock)))).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new DownstreamException(dependency, 0, null, e.getCause());
        }
    }

    private Reply send(String dependency, HttpRequest.Builder request, Deadline attempt) {
        if (attempt.isExpired()) {
            throw DeadlineExceededException.budgetExhausted(dependency);
        }
        if (attempt.isUnbounded()) {
            request.timeout(NAIVE_TIMEOUT); // the timeout pattern is off: the client's own timeout, no budget sent
        } else {
            request.timeout(attempt.remaining()).header(Deadline.HEADER, attempt.toHeaderValue());
        }
        HttpResponse<String> response;
        try {
            response = tracing.send(http, dependency, request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DownstreamException(dependency, 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownstreamException(dependency, 0, null, e);
        }
        if (response.statusCode() >= 300) {
            throw new DownstreamException(dependency, response.statusCode(), response.body(), null);
        }
        return new Reply(response.statusCode(), response.body());
    }

    /** The dependency's pipeline; the first call builds it and starts noting when its breaker opens. */
    ResiliencePipeline pipeline(String dependency) {
        return pipelines.pipeline(dependency, pipeline -> pipeline.circuitBreaker().onEvent(e -> {
            if (e instanceof CircuitBreakerEvent.StateTransitioned t && t.transition().to() == State.OPEN) {
                openedAtNanos.put(dependency, clock.nanoTime());
            }
        }));
    }
}
