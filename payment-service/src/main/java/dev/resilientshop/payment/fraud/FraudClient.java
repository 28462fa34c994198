package dev.resilientshop.payment.fraud;

import dev.resilientshop.kit.client.ClientWarmUp;
import dev.resilientshop.kit.client.ProblemAnswers;
import dev.resilientshop.kit.health.StartupWork;
import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/**
 * The one way payment-service reaches the external fraud provider ({@link FraudApi}, a typed REST
 * client: connect within 500 ms, so a refused or unroutable provider is known within half a second;
 * Quarkus adds the CLIENT span, its {@code traceparent} and {@code X-Request-Id}).
 *
 * <p>Seed 003's cascade starts exactly here: "the fraud API starts responding slowly … your payment
 * service waits for responses, exhausting its connection pool … your order service, which calls the
 * payment service, also starts timing out". So the call goes through its own pipeline
 * ({@code Bulkhead(20, CircuitBreaker(Timeout(call)))}), declared the one way: settings under
 * {@code shop.dependency.fraud.*} (application.properties says why each differs from shop-kit's
 * default), built and registered by shop-kit's {@link DependencyPipelines}:
 * <ul>
 * <li>timeout {@code shop.dependency.fraud.timeout} (2 s; seed 003 allows an external API 10 s, but
 *     order-service gives the whole charge 3 s), always cut to what is left of the caller's
 *     budget ({@code X-Request-Budget-Ms}) minus {@code shop.dependency.fraud.reserve} (300 ms) to
 *     record the charge and answer; past it the call is cancelled and its connection closed;</li>
 * <li>circuit breaker: 5 consecutive failures (seed 002's "5 consecutive timeouts") open it; while
 *     open every charge answers 503 "try again" at once instead of holding a thread for 2 s;
 *     probe after {@code shop.dependency.fraud.breaker.reset-timeout} (default 10 s);</li>
 * <li>no retry (shop-kit's default of one attempt): a score is a read, but a second 2 s wait on a
 *     slow provider is how the cascade grows.</li>
 * </ul>
 * Every way it can fail comes out as one {@link FraudUnavailableException}. In naive mode the
 * pipeline is bypassed: the call waits up to 30 s on a connection of the one pool every naive call
 * of this service shares ({@link SharedPool}).
 *
 * <p>At start-up the client is warmed with a score of a made-up charge (shop-kit's
 * {@link ClientWarmUp}) before the service reports ready: cold, the first charge's score took
 * longer than the tests' 400 ms timeout on a busy machine.
 */
@ApplicationScoped
public class FraudClient {

    static final Duration NAIVE_TIMEOUT = Duration.ofSeconds(30);
    static final String WARM_UP = "warm-up: fraud client";

    private final FraudApi api;
    private final ResilienceMode mode;
    private final Clock clock;
    private final ResiliencePipeline pipeline;
    private final SharedPool naive;

    FraudClient(FraudApi api, ResilienceMode mode, Clock clock, DependencyPipelines pipelines, SharedPool naive) {
        this.api = api;
        this.naive = naive;
        this.mode = mode;
        this.clock = clock;
        this.pipeline = pipelines.pipeline("fraud");
    }

    @Inject
    FraudClient(
            ResilienceMode mode,
            Clock clock,
            DependencyPipelines pipelines,
            SharedPool naive,
            @ConfigProperty(name = "quarkus.rest-client.fraud.url") URI url) {
        this(build(url), mode, clock, pipelines, naive);
    }

    static FraudApi build(URI url) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(url)
                .connectTimeout(500, TimeUnit.MILLISECONDS)
                .readTimeout(NAIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, 50) // above the bulkhead's 20
                .followRedirects(false)
                .build(FraudApi.class);
    }

    public FraudVerdict score(FraudCheck check, Deadline deadline) {
        try {
            var verdict = mode.isNaive() ? naive(check) : pipeline.call(deadline, attempt -> send(check, attempt));
            if (verdict == null || verdict.decision() == null) {
                throw new FraudUnavailableException("fraud-api answered without a decision", null);
            }
            return verdict;
        } catch (FraudUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FraudUnavailableException("fraud-api unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Naive mode: the plain call, holding a connection of the service's one shared pool
     * ({@link SharedPool}) for as long as the provider takes, up to 30 s; a charge that finds the
     * pool full waits for a connection first (seed 003: "exhausting its connection pool").
     */
    private FraudVerdict naive(FraudCheck check) {
        try {
            return naive.call(
                            "fraud",
                            () -> CompletableFuture.completedFuture(send(check, Deadline.after(NAIVE_TIMEOUT, clock))))
                    .join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private FraudVerdict send(FraudCheck check, Deadline attempt) {
        // the timeout pattern off: the client's own 30 s, no budget sent
        var timeout = attempt.isUnbounded() ? NAIVE_TIMEOUT : attempt.remaining();
        return ProblemAnswers.await("fraud", api.score(check, ProblemAnswers.budget(attempt)), timeout);
    }

    void warmUp(
            @Observes StartupEvent start,
            StartupWork work,
            @ConfigProperty(name = "shop.warm-up.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "shop.warm-up.max", defaultValue = "20s") Duration max) {
        if (enabled) {
            var check = new FraudCheck("warm-up", 1, "EUR", "400000", "0000", "warm-up@example.invalid");
            new ClientWarmUp().call("fraud", () -> api.score(check, null)).run(work, WARM_UP, max);
        }
    }
}
