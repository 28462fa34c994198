package dev.resilientshop.order.outbound;

import dev.resilientshop.kit.client.DownstreamException;
import dev.resilientshop.kit.client.ProblemAnswers;
import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerEvent;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every call order-service makes to another service goes through here: one
 * {@link ResiliencePipeline} per dependency ({@code Bulkhead(CircuitBreaker(Retry(Timeout(call))))}),
 * declared the one way ({@code shop.dependency.<name>.*} in application.properties, built and
 * registered by shop-kit's {@link DependencyPipelines}, so {@code /ops/state} and the metrics show
 * it), each attempt bounded by a child of the request's {@link Deadline}: the attempt is cancelled
 * (and its connection closed) when that is used up, and the callee is told what is left in
 * {@link Deadline#HEADER}, so nobody downstream works for an answer we stopped waiting for.
 * The attempt itself is a call of a typed REST client ({@code PricingApi}, {@code InventoryApi},
 * {@code PaymentApi}, built by {@link RestClients}); what the dependency answered is read by
 * shop-kit's {@link ProblemAnswers}.
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
 * <p>In naive mode ({@code /ops/resilience}) every layer is bypassed: one attempt, no breaker,
 * and a 30 s wait, on a connection of the one pool every naive call of this service shares
 * ({@link SharedPool}, 20, 10 s), to show what the patterns prevent.
 */
@ApplicationScoped
public class Outbound {

    static final Duration NAIVE_TIMEOUT = Duration.ofSeconds(30);

    private final DependencyPipelines pipelines;
    private final ResilienceMode mode;
    private final Clock clock;
    private final Map<String, Long> openedAtNanos = new ConcurrentHashMap<>();
    private final SharedPool sharedPool;

    public Outbound(DependencyPipelines pipelines, ResilienceMode mode, Clock clock, SharedPool sharedPool) {
        this.pipelines = pipelines;
        this.mode = mode;
        this.clock = clock;
        this.sharedPool = sharedPool;
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
        if (mode.isOff(ResilienceMode.Pattern.BREAKER)
                || pipeline(dependency).circuitBreaker().state() != State.OPEN) {
            return false;
        }
        var opened = openedAtNanos.get(dependency);
        return opened != null
                && clock.nanoTime() - opened
                        < pipelines.config(dependency).breaker().resetTimeout().toNanos();
    }

    /**
     * Calls {@code dependency} through its pipeline: {@code call} gets the attempt's budget for
     * {@value Deadline#HEADER} (null when the timeout pattern is off) and makes one attempt with a
     * typed REST client. Fails with shop-kit's {@link DownstreamException} (an error answer, or
     * none), or with the pipeline's own refusals (breaker open, bulkhead full, deadline spent).
     */
    public <T> T call(String dependency, Deadline deadline, Function<String, Uni<T>> call) {
        if (mode.isNaive()) {
            return naive(dependency, call);
        }
        return pipeline(dependency).call(deadline, attempt -> attempt(dependency, call, attempt));
    }

    /**
     * Naive mode: the plain call on a connection of the service's one shared pool
     * ({@link SharedPool}), held for as long as the dependency takes; a call that finds the pool
     * full waits for a connection first. So a slow payment fills this pool as it fills payment's
     * (seed 003: "your order service, which calls the payment service, also starts timing out").
     */
    private <T> T naive(String dependency, Function<String, Uni<T>> call) {
        try {
            return sharedPool
                    .call(
                            dependency,
                            () -> CompletableFuture.completedFuture(
                                    attempt(dependency, call, Deadline.after(NAIVE_TIMEOUT, clock))))
                    .join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : ProblemAnswers.noAnswer(dependency, e.getCause());
        }
    }

    private static <T> T attempt(String dependency, Function<String, Uni<T>> call, Deadline attempt) {
        if (attempt.isExpired()) {
            throw DeadlineExceededException.budgetExhausted(dependency);
        }
        // the timeout pattern off: the client's own 30 s, no budget sent
        var timeout = attempt.isUnbounded() ? NAIVE_TIMEOUT : attempt.remaining();
        return ProblemAnswers.await(dependency, call.apply(ProblemAnswers.budget(attempt)), timeout);
    }

    /** The dependency's pipeline; the first call builds it and starts noting when its breaker opens. */
    ResiliencePipeline pipeline(String dependency) {
        return pipelines.pipeline(
                dependency,
                pipeline -> pipeline.circuitBreaker().onEvent(e -> {
                    if (e instanceof CircuitBreakerEvent.StateTransitioned t
                            && t.transition().to() == State.OPEN) {
                        openedAtNanos.put(dependency, clock.nanoTime());
                    }
                }));
    }
}
