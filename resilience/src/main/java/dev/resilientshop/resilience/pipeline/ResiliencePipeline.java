package dev.resilientshop.resilience.pipeline;

import dev.resilientshop.resilience.bulkhead.ConcurrencyLimiter;
import dev.resilientshop.resilience.circuitbreaker.CircuitBreaker;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.fallback.Served;
import dev.resilientshop.resilience.retry.Retry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every pattern for one dependency, composed in one order (seed 003's "Combining Patterns"):
 *
 * <pre>
 *   Fallback( Bulkhead( CircuitBreaker( Retry( [Hedge(] Timeout( call ) [)] ) ) ) )
 *   └──────────────────── all bounded by the request's Deadline ──────────────────┘
 * </pre>
 *
 * Outermost first, and why in that order:
 * <ol>
 * <li>Bulkhead (or adaptive limit): a full dependency costs nothing more; one slot covers the
 *     whole logical call, retries included, so retries cannot exceed the limit.
 * <li>Circuit breaker: one outcome per logical call; an open breaker refuses before any retry.
 * <li>Retry: transient failures get another attempt, within budget and deadline.
 * <li>Hedge (reads only, optional): a second attempt to another replica after the p95.
 * <li>Timeout: each attempt gets {@code min(deadline − reserve, timeout)}.
 * </ol>
 * The innermost layer sees a result first: the timeout, then retry decides whether to try
 * again, then the breaker records the final outcome, then the bulkhead frees the slot, and the
 * fallback, last, turns a failure (including "bulkhead full" and "circuit open") into a degraded
 * answer with its source ({@link Served}).
 *
 * <p>Only the dependency's own behaviour reaches the breaker and the limiter: a call that cannot
 * start before {@code deadline − reserve} takes no slot and no permit and is counted as
 * {@link PipelineSnapshot#deadlineExhausted()}; the limiter's sample is the RTT of the attempt,
 * not of the call with its backoff sleeps. The slot and the permit are released exactly once,
 * whatever is thrown. Cancelling a returned future cancels the attempt, the retry timer and the
 * hedge and frees the slot. Fallbacks run on the pipeline's executor, never on a timer thread.
 *
 * <p>Build one per dependency with {@link #builder(String)}, keep it (it holds the state), look
 * it up by name in a {@link PipelineRegistry}, show {@link #snapshot()} on the ops page.
 * Thread-safe.
 */
public interface ResiliencePipeline {

    static PipelineBuilder builder(String dependency) {
        return new PipelineBuilder(dependency);
    }

    String dependency();

    String service();

    /** Runs {@code call} (it gets the attempt's deadline to set its client timeout) through every layer. */
    <T> T call(Deadline deadline, Function<Deadline, T> call);

    /**
     * As {@link #call(Deadline, Function)} with a deadline of {@code budget} from now: for a call
     * that owns its budget instead of sharing a request's (a compensation, a refresh). The same
     * deadline as {@code Deadline.after(budget, clock)} made just before the call, without the
     * clock reading that costs.
     *
     * @throws IllegalArgumentException if {@code budget} is negative (nothing is taken or counted)
     */
    <T> T call(Duration budget, Function<Deadline, T> call);

    /** As {@link #call(Deadline, Function)}, degraded to {@code fallback} on any failure. */
    <T> Served<T> call(Deadline deadline, Function<Deadline, T> call, FallbackChain<T> fallback);

    /** Async: no thread waits for backoff or timeouts (both run on the scheduler). */
    <T> CompletableFuture<T> callAsync(Deadline deadline, Function<Deadline, ? extends CompletionStage<T>> call);

    <T> CompletableFuture<Served<T>> callAsync(
            Deadline deadline, Function<Deadline, ? extends CompletionStage<T>> call, FallbackChain<T> fallback);

    /**
     * An idempotent read, hedged if the pipeline was built with hedging: {@code read} gets the
     * attempt index (0 primary, 1 hedge: choose the replica) and the attempt's deadline.
     */
    <T> CompletableFuture<T> readAsync(
            Deadline deadline, BiFunction<Integer, Deadline, ? extends CompletionStage<T>> read);

    /**
     * As {@link #readAsync(Deadline, BiFunction)}, degraded to {@code fallback} on any failure;
     * a fallback that serves is counted in the snapshot and published as an event, like every
     * other fallback of the pipeline. An alternative that throws (e.g. "not found is not an
     * outage") fails the returned future and counts nothing.
     */
    <T> CompletableFuture<Served<T>> readAsync(
            Deadline deadline,
            BiFunction<Integer, Deadline, ? extends CompletionStage<T>> read,
            FallbackChain<T> fallback);

    PipelineSnapshot snapshot();

    /**
     * A fresh start for drills and operators: the breaker CLOSED, the adaptive limit at its initial
     * value, the retry and hedge budgets full, the hedge's latency history forgotten. Counters (what happened so far) stay: they are
     * metrics, and a drill reads their change.
     */
    void reset();

    CircuitBreaker circuitBreaker();

    ConcurrencyLimiter limiter();

    Retry retry();

    /** Hedges sent so far (0 without hedging). */
    long hedges();

    /** Listens to {@link PipelineEvent.FallbackServed} (metrics, the event log). */
    void onEvent(Consumer<? super PipelineEvent> listener);

    /**
     * Listens to every decision of every call ({@link PipelineEvent}'s records: admitted with the
     * deadline left, rejected and why, retry scheduled, hedge fired, won and cancelled, fallback
     * served), on the thread that decided. For tracing: while nobody listens here the per-call
     * events are not even built.
     */
    void onDecision(Consumer<? super PipelineEvent> listener);
}
