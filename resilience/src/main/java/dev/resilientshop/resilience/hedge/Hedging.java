package dev.resilientshop.resilience.hedge;

import dev.resilientshop.resilience.circuitbreaker.CircuitBreaker;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Hedged requests for idempotent reads: if the first attempt has not answered by the
 * dependency's p95, send a second one to another replica and take whichever answers first.
 *
 * <p>Failure it prevents (seed 002, after "The Tail at Scale"): one replica's slow tail (a
 * query plan flip, a GC pause) sets the page's p99. A hedge at p95 costs about 5% extra calls
 * and cuts p99 by an order of magnitude, because both attempts being slow is rare.
 *
 * <p>The two failure modes designed out (seed 002): duplicate writes, so there is only
 * {@link #forIdempotentReads} (a write must not be hedged); and runaway hedging on a globally
 * degraded dependency, so hedges are capped per call ({@code maxHedges}), rationed by a
 * budget ({@code ≤ 5%} extra calls), and gated by a circuit breaker (no hedge unless it is
 * CLOSED). The winner's result completes the call and the losers are cancelled, which frees
 * their connections when the client honours cancellation.
 *
 * <p>The attempt function gets the attempt index: 0 = primary, 1.. = hedges, so it can pick a
 * different target per index (inventory primary at 8082, secondary at 8092). Settings:
 * {@link HedgeConfig}.
 *
 * <p>Thread-safe. Place in the composition: where a single attempt would be, inside retry:
 * {@code CircuitBreaker(Retry(Hedge(Timeout(call))))}.
 */
public interface Hedging {

    /** Hedging for reads that are safe to send twice; the breaker gates every hedge. */
    static Hedging forIdempotentReads(String name, HedgeConfig config, Scheduler scheduler, CircuitBreaker gate) {
        return new DefaultHedging(name, config, scheduler, () -> gate.state() == State.CLOSED);
    }

    /** As above with a custom gate (e.g. the secondary replica's own breaker). */
    static Hedging forIdempotentReads(String name, HedgeConfig config, Scheduler scheduler, BooleanSupplier gate) {
        return new DefaultHedging(name, config, scheduler, gate);
    }

    /** Calls {@code attempt.apply(0)}, and {@code apply(1)} after the hedge delay if still waiting. */
    <T> CompletableFuture<T> call(IntFunction<? extends CompletionStage<T>> attempt);

    /** The delay a hedge would wait now, in nanos. */
    long currentDelayNanos();

    /** Calls made (primaries). */
    long calls();

    /** Hedges sent. */
    long hedges();

    /** The primaries' latency histogram (also the ops page's p50/p99 source). */
    LatencyHistogram histogram();

    /** Forgets the latency history (the hedge delay starts again from the initial delay) and fills the budget again. */
    void reset();

    /** Told what a hedged call did; only calls that sent a hedge report won and cancelled. */
    interface Observer {
        /** Attempt {@code attempt} (1 the first hedge) was sent after {@code afterNanos} without an answer. */
        void fired(int attempt, long afterNanos);

        /** Attempt {@code attempt} (0 the primary) answered first. */
        void won(int attempt);

        /** Attempt {@code attempt} was still running when another answered, and was cancelled. */
        void cancelled(int attempt);
    }

    /** Adds an observer (a pipeline republishes what it sees as events); none by default. */
    default void onHedge(Observer observer) {
        throw new UnsupportedOperationException("this Hedging publishes nothing");
    }
}
