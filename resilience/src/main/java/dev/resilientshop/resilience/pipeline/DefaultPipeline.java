package dev.resilientshop.resilience.pipeline;

import dev.resilientshop.resilience.bulkhead.Bulkhead;
import dev.resilientshop.resilience.bulkhead.BulkheadFullException;
import dev.resilientshop.resilience.bulkhead.ConcurrencyLimiter;
import dev.resilientshop.resilience.bulkhead.ConcurrencyLimiter.Token;
import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.circuitbreaker.CircuitBreaker;
import dev.resilientshop.resilience.circuitbreaker.Permit;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.EventPublisher;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import dev.resilientshop.resilience.deadline.Timeout;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.fallback.Served;
import dev.resilientshop.resilience.hedge.Hedging;
import dev.resilientshop.resilience.retry.FailureClassifier;
import dev.resilientshop.resilience.retry.Retry;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** The layers of {@link ResiliencePipeline}, outermost first, in {@link #enter} and {@link #exit}. */
final class DefaultPipeline implements ResiliencePipeline {

    private final String service;
    private final String dependency;
    private final Scheduler scheduler;
    private final Clock clock;
    private final ConcurrencyLimiter limiter;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Hedging hedging;
    private final Duration timeout;
    private final Duration reserve;
    private final PipelineStats stats;
    private final EventPublisher<PipelineEvent> events = new EventPublisher<>();

    DefaultPipeline(String service, String dependency, Scheduler scheduler, ConcurrencyLimiter limiter,
            CircuitBreaker breaker, Retry retry, Hedging hedging, Duration timeout, Duration reserve) {
        this.service = service;
        this.dependency = dependency;
        this.scheduler = scheduler;
        this.clock = scheduler.clock();
        this.limiter = limiter;
        this.breaker = breaker;
        this.retry = retry;
        this.hedging = hedging;
        this.timeout = timeout;
        this.reserve = reserve;
        this.stats = new PipelineStats(clock);
    }

    /** A bulkhead token and a breaker permit, or the exception that refused the call. */
    private record Admission(Token token, Permit permit, long startNanos) {
    }

    private Admission enter(Deadline deadline) {
        stats.calls.increment();
        Token token = limiter instanceof Bulkhead b && !b.config().maxWait().isZero()
                ? waitForSlot(b, deadline)
                : limiter.tryAcquire();
        if (token == null) {
            stats.bulkheadRejections.increment();
            throw new BulkheadFullException(dependency, limiter.limit());
        }
        Permit permit = breaker.tryAcquirePermission();
        if (permit == null) {
            token.onIgnore();
            stats.breakerRejections.increment();
            throw new CallNotPermittedException(dependency, breaker.state());
        }
        return new Admission(token, permit, clock.nanoTime());
    }

    private static Token waitForSlot(Bulkhead bulkhead, Deadline deadline) {
        try {
            return bulkhead.acquire(deadline);
        } catch (BulkheadFullException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void exit(Admission a, Throwable error) {
        long now = clock.nanoTime();
        long rtt = now - a.startNanos();
        Throwable cause = error == null ? null : FailureClassifier.unwrap(error);
        if (cause == null) {
            stats.successes.increment();
            a.permit().onSuccess(rtt);
            a.token().onSuccess(rtt);
        } else if (cause instanceof CancellationException) {
            a.permit().onIgnore();
            a.token().onIgnore();
        } else {
            stats.errors.increment();
            a.permit().onError(rtt, cause);
            a.token().onError(rtt);
        }
        stats.latency.record(rtt, now);
    }

    private <T> T timed(Supplier<T> attempt) {
        try {
            return attempt.get();
        } catch (DeadlineExceededException e) {
            stats.timeouts.increment();
            throw e;
        }
    }

    @Override
    public <T> T call(Deadline deadline, Function<Deadline, T> call) {
        Admission a = enter(deadline);
        try {
            T result = retry.call(deadline, () -> timed(() -> Timeout.call(dependency, deadline.child(timeout, reserve), call)));
            exit(a, null);
            return result;
        } catch (Exception e) {
            exit(a, e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting to retry " + dependency);
            }
            throw e instanceof RuntimeException r ? r : new CompletionException(e);
        }
    }

    @Override
    public <T> Served<T> call(Deadline deadline, Function<Deadline, T> call, FallbackChain<T> fallback) {
        try {
            return new Served<>(call(deadline, call), dependency, null);
        } catch (RuntimeException e) {
            return served(fallback.recover(e));
        }
    }

    private <T> Served<T> served(Served<T> s) {
        stats.fallback(s.source());
        events.publish(new PipelineEvent.FallbackServed(dependency, s.source(), s.reason()));
        return s;
    }

    @Override
    public <T> CompletableFuture<T> callAsync(Deadline deadline, Function<Deadline, ? extends CompletionStage<T>> call) {
        return run(deadline, () -> retry.callAsync(deadline, () -> attempt(deadline, call)));
    }

    @Override
    public <T> CompletableFuture<T> readAsync(Deadline deadline, BiFunction<Integer, Deadline, ? extends CompletionStage<T>> read) {
        if (hedging == null) {
            return callAsync(deadline, d -> read.apply(0, d));
        }
        return run(deadline, () -> retry.callAsync(deadline,
                () -> hedging.call(i -> attempt(deadline, d -> read.apply(i, d)))));
    }

    @Override
    public <T> CompletableFuture<Served<T>> readAsync(Deadline deadline, BiFunction<Integer, Deadline, ? extends CompletionStage<T>> read,
            FallbackChain<T> fallback) {
        return readAsync(deadline, read).handle((v, e) -> e == null ? new Served<>(v, dependency, null) : served(fallback.recover(e)));
    }

    private <T> CompletableFuture<T> attempt(Deadline deadline, Function<Deadline, ? extends CompletionStage<T>> call) {
        Deadline child = deadline.child(timeout, reserve);
        CompletableFuture<T> f = Timeout.within(dependency, child, scheduler, () -> call.apply(child));
        f.whenComplete((v, e) -> {
            if (e != null && FailureClassifier.unwrap(e) instanceof DeadlineExceededException) {
                stats.timeouts.increment();
            }
        });
        return f;
    }

    private <T> CompletableFuture<T> run(Deadline deadline, Supplier<CompletableFuture<T>> layers) {
        Admission a;
        try {
            a = enter(deadline);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> f;
        try {
            f = layers.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((v, e) -> exit(a, e));
    }

    @Override
    public <T> CompletableFuture<Served<T>> callAsync(Deadline deadline, Function<Deadline, ? extends CompletionStage<T>> call,
            FallbackChain<T> fallback) {
        return callAsync(deadline, call).handle((v, e) -> e == null ? new Served<>(v, dependency, null) : served(fallback.recover(e)));
    }

    @Override
    public PipelineSnapshot snapshot() {
        long bulkheadRejections = stats.bulkheadRejections.sum();
        long breakerRejections = stats.breakerRejections.sum();
        return new PipelineSnapshot(service, dependency, clock.now(), breaker.state(),
                limiter instanceof Bulkhead ? "bulkhead" : "adaptive", limiter.inFlight(), limiter.limit(),
                stats.calls.sum(), stats.successes.sum(), stats.errors.sum(), stats.timeouts.sum(),
                bulkheadRejections, breakerRejections, bulkheadRejections + breakerRejections,
                retry.retries(), hedges(), stats.fallbacks.sum(), stats.fallbacksBySource(),
                stats.latency.percentileNanos(0.50) / 1e6, stats.latency.percentileNanos(0.99) / 1e6);
    }

    @Override public String dependency() { return dependency; }
    @Override public String service() { return service; }
    @Override public CircuitBreaker circuitBreaker() { return breaker; }
    @Override public ConcurrencyLimiter limiter() { return limiter; }
    @Override public Retry retry() { return retry; }
    @Override public long hedges() { return hedging == null ? 0 : hedging.hedges(); }
    @Override public void onEvent(Consumer<? super PipelineEvent> listener) { events.subscribe(listener); }
}
