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
import dev.resilientshop.resilience.core.Nanos;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.core.Validate;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import dev.resilientshop.resilience.deadline.Timeout;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.fallback.Served;
import dev.resilientshop.resilience.hedge.Hedging;
import dev.resilientshop.resilience.pipeline.Admission.Outcome;
import dev.resilientshop.resilience.retry.FailureClassifier;
import dev.resilientshop.resilience.retry.Retry;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The layers of {@link ResiliencePipeline}, outermost first, in {@link #enter} and {@link #exit}. */
final class DefaultPipeline implements ResiliencePipeline {

    private static final System.Logger LOG = System.getLogger(DefaultPipeline.class.getName());

    private final String service;
    private final String dependency;
    private final Scheduler scheduler;
    private final Executor fallbackExecutor;
    private final Clock clock;
    private final ConcurrencyLimiter limiter;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Hedging hedging;
    private final Duration timeout;
    private final Duration reserve;
    /** {@link #timeout} and {@link #reserve} as the sync path uses them, converted once here, not per call. */
    private final long timeoutNanos;

    private final long reserveNanos;
    private final PipelineStats stats;
    private final EventPublisher<PipelineEvent> events = new EventPublisher<>();
    /** Every decision of every call, for tracing: built only while someone listens here. */
    private final EventPublisher<PipelineEvent> decisions = new EventPublisher<>();

    private final Predicate<Layer> off;

    /** A layer switched off: admits everything, records nothing. */
    private static final Token NO_SLOT = new Token() {
        @Override
        public void onSuccess(long rttNanos) {}

        @Override
        public void onError(long rttNanos) {}

        @Override
        public void onIgnore() {}
    };

    private static final Permit NO_PERMIT = new Permit() {
        @Override
        public void onSuccess(long durationNanos) {}

        @Override
        public void onError(long durationNanos, Throwable error) {}

        @Override
        public void onIgnore() {}
    };

    DefaultPipeline(
            String service,
            String dependency,
            Scheduler scheduler,
            Executor fallbackExecutor,
            ConcurrencyLimiter limiter,
            CircuitBreaker breaker,
            Retry retry,
            Hedging hedging,
            Duration timeout,
            Duration reserve,
            Predicate<Layer> off) {
        this.off = off;
        this.service = service;
        this.dependency = dependency;
        this.scheduler = scheduler;
        this.fallbackExecutor = fallbackExecutor;
        this.clock = scheduler.clock();
        this.limiter = limiter;
        this.breaker = breaker;
        this.retry = retry;
        this.hedging = hedging;
        this.timeout = timeout;
        this.reserve = reserve;
        this.timeoutNanos = Deadline.nanosOf(timeout);
        this.reserveNanos = Deadline.nanosOf(reserve);
        this.stats = new PipelineStats(clock);
        retry.onRetry((next, backoff, cause) -> {
            if (decisions.hasListeners()) {
                decisions.publish(new PipelineEvent.RetryScheduled(dependency, next, backoff, cause));
            }
        });
        if (hedging != null) {
            hedging.onHedge(new Hedging.Observer() {
                @Override
                public void fired(int attempt, long afterNanos) {
                    if (decisions.hasListeners()) {
                        decisions.publish(new PipelineEvent.HedgeFired(dependency, attempt, afterNanos));
                    }
                }

                @Override
                public void won(int attempt) {
                    if (decisions.hasListeners()) {
                        decisions.publish(new PipelineEvent.HedgeWon(dependency, attempt));
                    }
                }

                @Override
                public void cancelled(int attempt) {
                    if (decisions.hasListeners()) {
                        decisions.publish(new PipelineEvent.HedgeCancelled(dependency, attempt));
                    }
                }
            });
        }
    }

    /** A refusal, told to listeners (only built when someone listens). */
    private void rejected(PipelineEvent.Refusal refusal) {
        if (decisions.hasListeners()) {
            decisions.publish(new PipelineEvent.Rejected(dependency, refusal, breaker.state(), limiter.limit()));
        }
    }

    private void admitted(long deadlineLeftNanos, boolean breakerOn) {
        if (decisions.hasListeners()) {
            decisions.publish(
                    new PipelineEvent.Admitted(dependency, deadlineLeftNanos, breakerOn ? breaker.state() : null));
        }
    }

    private PipelineEvent.Refusal full() {
        return limiter instanceof Bulkhead ? PipelineEvent.Refusal.BULKHEAD_FULL : PipelineEvent.Refusal.LIMIT_REACHED;
    }

    /** A slot and a permit; a call that cannot start before {@code deadline − reserve} takes neither. */
    private Admission enter(Deadline deadline) {
        stats.calls.increment();
        if (off.test(Layer.TIMEOUT)) {
            deadline = Deadline.none(clock); // no deadline: nothing expires, the client's own timeout is the bound
        }
        Deadline startBy = deadline.withReserve(reserve);
        if (startBy.isExpired()) {
            stats.deadlineExhausted.increment(); // the caller's overload, not the dependency's health
            rejected(PipelineEvent.Refusal.DEADLINE_EXHAUSTED);
            throw DeadlineExceededException.budgetExhausted(dependency);
        }
        Token token = off.test(Layer.LIMIT)
                ? NO_SLOT
                : limiter instanceof Bulkhead b && !b.config().maxWait().isZero()
                        ? waitForSlot(b, startBy)
                        : limiter.tryAcquire();
        if (token == null) {
            stats.bulkheadRejections.increment();
            rejected(full());
            throw new BulkheadFullException(dependency, limiter.limit());
        }
        Permit permit;
        try {
            permit = off.test(Layer.BREAKER) ? NO_PERMIT : breaker.tryAcquirePermission();
        } catch (RuntimeException | Error e) {
            token.onIgnore();
            throw e;
        }
        if (permit == null) {
            token.onIgnore();
            stats.breakerRejections.increment();
            rejected(PipelineEvent.Refusal.BREAKER_OPEN);
            throw new CallNotPermittedException(dependency, breaker.state());
        }
        admitted(deadline.remainingNanos(), !off.test(Layer.BREAKER));
        return new Admission(token, permit, startBy, clock.nanoTime());
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

    /**
     * Reports the outcome to the breaker and the limiter, once per call, and never throws: a
     * failure of the bookkeeping itself (a throwing exception predicate, a limit that throws) is
     * returned so the caller can attach it to the call's own failure, after both were released.
     */
    private RuntimeException exit(Admission a, Throwable error) {
        if (!a.finish()) {
            return null;
        }
        long now = clock.nanoTime();
        Throwable cause = error == null ? null : FailureClassifier.unwrap(error);
        Outcome outcome = Outcome.of(cause);
        RuntimeException problem = a.release(outcome, a.rttNanos(now), cause);
        stats.record(outcome, now - a.startNanos, now);
        return problem;
    }

    /** Exit after the call's own failure: the bookkeeping's failure rides along as suppressed. */
    private void exitWith(Admission a, Throwable error) {
        RuntimeException problem = exit(a, error);
        if (problem != null) {
            Throwable cause = error == null ? null : FailureClassifier.unwrap(error);
            if (cause != null && cause != problem) {
                cause.addSuppressed(problem);
            } else if (cause == null) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "recording the outcome of a " + dependency + " call failed",
                        problem);
            }
        }
    }

    /** Runs one sync attempt, timing it for the limiter and counting a timeout of an attempt that started. */
    private <T> T timed(Admission a, Supplier<T> attempt) {
        long start = clock.nanoTime();
        try {
            T result = attempt.get();
            a.attemptEnded(clock.nanoTime() - start);
            return result;
        } catch (RuntimeException e) {
            attemptFailed(a, e, start);
            throw e;
        }
    }

    private void attemptFailed(Admission a, Throwable error, long start) {
        Throwable cause = FailureClassifier.unwrap(error);
        if (Outcome.of(cause) == Outcome.NOT_STARTED || cause instanceof CancellationException) {
            return; // no round trip happened (or we stopped waiting): nothing to measure
        }
        if (cause instanceof DeadlineExceededException) {
            stats.timeouts.increment();
        }
        a.attemptEnded(clock.nanoTime() - start);
    }

    /**
     * The sync path. With a fail-fast bulkhead (the usual set-up) a call that succeeds on its
     * first attempt allocates nothing and reads the clock twice, once before and once after the
     * call: {@link Admission}, the retry's {@link java.util.concurrent.Callable} and the token are
     * only created once the first attempt has failed, and the timeout layer is
     * {@link Timeout#call} written out with those two readings. Same layers, same order, same
     * counters and outcomes as {@link #callAdmitted}, which every other case takes, except when
     * a call is counted: when it is refused or its first attempt ends, not when it arrives, so
     * that a first-attempt success is one counter increment ({@link Retry#firstAttemptSucceeded})
     * instead of three (calls, first attempts, successes).
     *
     * <p>The caller's deadline goes on as numbers ({@link #callSync}): this method is a few bytes,
     * so the JIT inlines it into the caller, and a deadline the caller made just before the call
     * ({@code Deadline.after}) is then only read, never passed on, and is not allocated.
     */
    @Override
    public <T> T call(Deadline deadline, Function<Deadline, T> call) {
        return callSync(deadline.clock(), deadline.createdAtNanos(), deadline.expiresAtNanos(), false, call);
    }

    /**
     * A call that owns its budget: the deadline starts at the reading the call takes anyway to
     * time its first attempt, so a success reads the clock twice where {@code Deadline.after}
     * followed by {@link #call(Deadline, Function)} reads it three times (27 ns a read on the
     * benchmark machine: docs/benchmarks.md).
     */
    @Override
    public <T> T call(Duration budget, Function<Deadline, T> call) {
        long budgetNanos = Nanos.of(Validate.notNegative("budget", budget));
        long now = clock.nanoTime();
        return callSync(clock, now, Nanos.add(now, budgetNanos), true, call);
    }

    /**
     * {@link #call(Deadline, Function)}, the caller's deadline made again here from its numbers
     * ({@link Deadline#of}: the same deadline).
     *
     * <p>Why numbers, and why one long method (admission, first attempt under its timeout,
     * release, stats). An object passed to a method the JIT does not inline escapes, so it is
     * allocated. A compiled method larger than a few kilobytes is not inlined into its callers
     * ("already compiled into a big method"): when this body was spread over small methods
     * behind {@code call}, C2 compiled {@code call} with all of them inlined, and a deadline
     * made per call by the caller escaped into it (32 B a call, the whole allocation of the
     * pipeline benchmark). This method's bytecode is larger than C2's limit for inlining a hot
     * method (325 bytes), so C2 never inlines it and {@code call} stays small; inside it the
     * deadline copy and the child deadline are seen whole and never escape (the failure paths
     * make another copy for their {@link Admission}), so C2 drops them too.
     */
    private <T> T callSync(
            Clock deadlineClock,
            long createdAtNanos,
            long expiresAtNanos,
            boolean createdNow,
            Function<Deadline, T> call) {
        if (!(limiter instanceof Bulkhead b) || !b.config().maxWait().isZero() || anySyncLayerOff()) {
            return callAdmitted(Deadline.of(deadlineClock, createdAtNanos, expiresAtNanos), call);
        }
        // read only, by methods C2 inlines: never escapes, so it is not allocated. The failure
        // paths below make their own copy: one passed into an Admission would make this escape.
        Deadline deadline = Deadline.of(deadlineClock, createdAtNanos, expiresAtNanos);
        // counted once, where it ends: a first-attempt success by retry.firstAttemptSucceeded()
        // alone (call, first attempt and success in one striped counter; snapshot() derives
        // them), a refusal or a failed first attempt by stats.calls where it happens
        // a deadline this pipeline just made (call(Duration, ...)) was made at this very reading
        long start = createdNow ? createdAtNanos : clock.nanoTime();
        // admission, as enter without the Admission: a slot and a permit, or the rejection
        if (deadline.isExpiredAt(start, reserveNanos)) {
            throw budgetExhausted(); // the caller's overload, not the dependency's health
        }
        if (!b.tryAcquireSlot()) {
            throw bulkheadFull();
        }
        Permit permit;
        try {
            permit = breaker.tryAcquirePermission();
        } catch (RuntimeException | Error e) {
            b.releaseSlot();
            stats.calls.increment();
            throw e;
        }
        if (permit == null) {
            b.releaseSlot();
            throw breakerOpen();
        }
        // admitted: from here the slot is released exactly once, below or by the Admission
        if (decisions.hasListeners()) {
            admitted(expiresAtNanos == Long.MAX_VALUE ? Long.MAX_VALUE : expiresAtNanos - start, true);
        }
        T result;
        long end;
        Deadline child;
        try {
            child = deadline.child(timeoutNanos, reserveNanos, start);
            if (child.isExpiredAt(start)) {
                throw DeadlineExceededException.budgetExhausted(dependency);
            }
            result = call.apply(child);
            end = clock.nanoTime();
        } catch (Throwable e) {
            return firstAttemptFailed(
                    Deadline.of(deadlineClock, createdAtNanos, expiresAtNanos), call, b, permit, e, start);
        }
        if (child.isExpiredAt(end)) {
            return firstAttemptFailed(
                    Deadline.of(deadlineClock, createdAtNanos, expiresAtNanos),
                    call,
                    b,
                    permit,
                    DeadlineExceededException.callTimedOut(dependency, child.budget()),
                    start);
        }
        // exitWith of a success: the attempt's RTT is the call's latency
        long rtt = end - start;
        RuntimeException problem = Admission.release(permit, rtt, b);
        stats.latency.record(rtt, end);
        retry.firstAttemptSucceeded(); // the call, its first attempt and its success
        if (problem != null) {
            LOG.log(System.Logger.Level.WARNING, "recording the outcome of a " + dependency + " call failed", problem);
        }
        return result;
    }

    /** A layer switched off ({@code /ops/resilience}) takes the general path, which honours each switch. */
    private boolean anySyncLayerOff() {
        return off.test(Layer.LIMIT) || off.test(Layer.BREAKER) || off.test(Layer.RETRY) || off.test(Layer.TIMEOUT);
    }

    private Admission admission(Bulkhead b, Permit permit, Deadline deadline, long start) {
        return new Admission(new SlotToken(b), permit, deadline.withReserve(reserve), start);
    }

    private DeadlineExceededException budgetExhausted() {
        stats.calls.increment();
        stats.deadlineExhausted.increment();
        rejected(PipelineEvent.Refusal.DEADLINE_EXHAUSTED);
        return DeadlineExceededException.budgetExhausted(dependency);
    }

    private BulkheadFullException bulkheadFull() {
        stats.calls.increment();
        stats.bulkheadRejections.increment();
        rejected(full());
        return new BulkheadFullException(dependency, limiter.limit());
    }

    private CallNotPermittedException breakerOpen() {
        stats.calls.increment();
        stats.breakerRejections.increment();
        rejected(PipelineEvent.Refusal.BREAKER_OPEN);
        return new CallNotPermittedException(dependency, breaker.state());
    }

    /** The first attempt of the sync fast path threw (or returned late): on as {@link #callAdmitted} would be. */
    private <T> T firstAttemptFailed(
            Deadline deadline, Function<Deadline, T> call, Bulkhead b, Permit permit, Throwable e, long start) {
        stats.calls.increment();
        Admission a = admission(b, permit, deadline, start);
        try {
            retry.firstAttempt();
        } catch (Throwable countFailed) {
            return failed(a, countFailed);
        }
        if (!(e instanceof Exception first)) {
            return failed(a, e); // an Error: retry does not catch it either
        }
        if (e instanceof RuntimeException) {
            attemptFailed(a, e, start);
        }
        T result;
        try {
            result = retry.retryAfter(
                    a.startBy,
                    first,
                    () -> timed(a, () -> Timeout.call(dependency, deadline.child(timeout, reserve), call)));
        } catch (Throwable again) {
            return failed(a, again);
        }
        exitWith(a, null);
        return result;
    }

    /** Admission, then every attempt through {@link Retry#call}: an adaptive limit, or a bulkhead that may wait. */
    private <T> T callAdmitted(Deadline deadline, Function<Deadline, T> call) {
        Admission a = enter(deadline);
        T result;
        try {
            Callable<T> attempt = off.test(Layer.TIMEOUT)
                    ? () -> timed(a, () -> call.apply(Deadline.none(clock)))
                    : () -> timed(a, () -> Timeout.call(dependency, deadline.child(timeout, reserve), call));
            result = off.test(Layer.RETRY) ? attempt.call() : retry.call(a.startBy, attempt);
        } catch (Throwable e) {
            return failed(a, e);
        }
        exitWith(a, null);
        return result;
    }

    /** Exits after a failed call and rethrows its failure as the sync API does. */
    private <T> T failed(Admission a, Throwable e) {
        exitWith(a, e);
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting to retry " + dependency);
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new CompletionException(e);
    }

    /** The fast path's slot as a token, once its first attempt failed and the general machinery takes over. */
    private static final class SlotToken extends java.util.concurrent.atomic.AtomicBoolean implements Token {
        private final Bulkhead bulkhead;

        SlotToken(Bulkhead bulkhead) {
            this.bulkhead = bulkhead;
        }

        @Override
        public void onSuccess(long rttNanos) {
            release();
        }

        @Override
        public void onError(long rttNanos) {
            release();
        }

        @Override
        public void onIgnore() {
            release();
        }

        private void release() {
            if (compareAndSet(false, true)) {
                bulkhead.releaseSlot();
            }
        }
    }

    @Override
    public <T> Served<T> call(Deadline deadline, Function<Deadline, T> call, FallbackChain<T> fallback) {
        try {
            return new Served<>(call(deadline, call), dependency, null);
        } catch (RuntimeException e) {
            if (off.test(Layer.FALLBACK)) {
                throw e;
            }
            return served(fallback.recover(e));
        }
    }

    private <T> Served<T> served(Served<T> s) {
        stats.fallback(s.source());
        var served = new PipelineEvent.FallbackServed(dependency, s.source(), s.reason());
        events.publish(served);
        decisions.publish(served);
        return s;
    }

    @Override
    public <T> CompletableFuture<T> callAsync(
            Deadline deadline, Function<Deadline, ? extends CompletionStage<T>> call) {
        return run(deadline, a -> retried(a, () -> attempt(a, deadline, call)));
    }

    /** The retry layer, or one attempt when it is switched off. */
    private <T> CompletableFuture<T> retried(Admission a, Supplier<CompletableFuture<T>> attempt) {
        return off.test(Layer.RETRY) ? attempt.get() : retry.callAsync(a.startBy, attempt);
    }

    @Override
    public <T> CompletableFuture<T> readAsync(
            Deadline deadline, BiFunction<Integer, Deadline, ? extends CompletionStage<T>> read) {
        if (hedging == null || off.test(Layer.HEDGING)) {
            return callAsync(deadline, d -> read.apply(0, d));
        }
        return run(deadline, a -> retried(a, () -> hedging.call(i -> attempt(a, deadline, d -> read.apply(i, d)))));
    }

    @Override
    public <T> CompletableFuture<Served<T>> readAsync(
            Deadline deadline,
            BiFunction<Integer, Deadline, ? extends CompletionStage<T>> read,
            FallbackChain<T> fallback) {
        return withFallback(readAsync(deadline, read), fallback);
    }

    @Override
    public <T> CompletableFuture<Served<T>> callAsync(
            Deadline deadline, Function<Deadline, ? extends CompletionStage<T>> call, FallbackChain<T> fallback) {
        return withFallback(callAsync(deadline, call), fallback);
    }

    /** One async attempt under its timeout, measured for the limiter when it reached the dependency. */
    private <T> CompletableFuture<T> attempt(
            Admission a, Deadline deadline, Function<Deadline, ? extends CompletionStage<T>> call) {
        long start = clock.nanoTime();
        CompletableFuture<T> f;
        if (off.test(Layer.TIMEOUT)) {
            f = Timeout.within(dependency, Deadline.none(clock), scheduler, () -> call.apply(Deadline.none(clock)));
        } else {
            Deadline child = deadline.child(timeout, reserve);
            f = Timeout.within(dependency, child, scheduler, () -> call.apply(child));
        }
        return Relay.of(f, (v, e) -> {
            if (e == null) {
                a.attemptEnded(clock.nanoTime() - start);
            } else {
                attemptFailed(a, e, start);
            }
        });
    }

    /** Admits, runs the layers, exits once; cancelling the returned future cancels the layers. */
    private <T> CompletableFuture<T> run(Deadline deadline, Function<Admission, CompletableFuture<T>> layers) {
        Admission a;
        try {
            a = enter(deadline);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> f;
        try {
            f = layers.apply(a);
        } catch (Throwable e) {
            f = CompletableFuture.failedFuture(e);
        }
        return Relay.of(f, (v, e) -> exitWith(a, e));
    }

    private <T> CompletableFuture<Served<T>> withFallback(CompletableFuture<T> call, FallbackChain<T> fallback) {
        if (off.test(Layer.FALLBACK)) {
            return call.thenApply(v -> new Served<>(v, dependency, null));
        }
        return AsyncFallback.of(
                call, fallbackExecutor, v -> new Served<>(v, dependency, null), e -> served(fallback.recover(e)));
    }

    @Override
    public PipelineSnapshot snapshot() {
        long bulkheadRejections = stats.bulkheadRejections.sum();
        long breakerRejections = stats.breakerRejections.sum();
        long firstAttemptSuccesses = retry.firstAttemptSuccesses(); // sync calls counted in that one counter
        long calls = stats.calls.sum() + firstAttemptSuccesses;
        long successes = stats.successes.sum() + firstAttemptSuccesses;
        return new PipelineSnapshot(
                service,
                dependency,
                clock.now(),
                breaker.state(),
                limiter instanceof Bulkhead ? "bulkhead" : "adaptive",
                limiter.inFlight(),
                limiter.limit(),
                calls,
                successes,
                stats.errors.sum(),
                stats.timeouts.sum(),
                stats.deadlineExhausted.sum(),
                bulkheadRejections,
                breakerRejections,
                bulkheadRejections + breakerRejections,
                retry.retries(),
                hedges(),
                stats.fallbacks.sum(),
                stats.fallbacksBySource(),
                stats.latency.percentileNanos(0.50) / 1e6,
                stats.latency.percentileNanos(0.99) / 1e6);
    }

    @Override
    public void reset() {
        breaker.reset();
        limiter.reset();
        retry.budget().reset();
        if (hedging != null) {
            hedging.reset();
        }
    }

    @Override
    public String dependency() {
        return dependency;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    @Override
    public ConcurrencyLimiter limiter() {
        return limiter;
    }

    @Override
    public Retry retry() {
        return retry;
    }

    @Override
    public long hedges() {
        return hedging == null ? 0 : hedging.hedges();
    }

    @Override
    public void onEvent(Consumer<? super PipelineEvent> listener) {
        events.subscribe(listener);
    }

    @Override
    public void onDecision(Consumer<? super PipelineEvent> listener) {
        decisions.subscribe(listener);
    }
}
