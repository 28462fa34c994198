package dev.resilientshop.resilience.pipeline;

import dev.resilientshop.resilience.circuitbreaker.State;

/**
 * Events of a pipeline, published synchronously on the thread that made the decision (the
 * breaker publishes its own transitions). {@link ResiliencePipeline#onEvent} listeners get
 * {@link FallbackServed}; {@link ResiliencePipeline#onDecision} listeners get every record here.
 * The per-call ones ({@link Admitted}, {@link Rejected}, {@link RetryScheduled}, the hedge
 * events) are built only while a decision listener is subscribed, so a pipeline nobody traces
 * allocates nothing for them.
 */
public sealed interface PipelineEvent {

    String dependency();

    /** A fallback alternative served the call instead of the dependency. */
    record FallbackServed(String dependency, String source, Throwable reason) implements PipelineEvent {}

    /**
     * A call got its slot and its breaker permit: {@code deadlineLeftNanos} is what was left of the
     * caller's deadline when it started ({@link Long#MAX_VALUE} for none), {@code breaker} the
     * state that admitted it (HALF_OPEN: this call is a probe).
     */
    record Admitted(String dependency, long deadlineLeftNanos, State breaker) implements PipelineEvent {}

    /** Why a call was refused before it reached the dependency. */
    enum Refusal {
        /** The breaker is open (or half-open with its probes taken): "rejected: open". */
        BREAKER_OPEN,
        /** The bulkhead had no free slot (and none freed within its wait). */
        BULKHEAD_FULL,
        /** The adaptive concurrency limit was reached. */
        LIMIT_REACHED,
        /** Less than the reserve was left of the caller's deadline: not worth starting. */
        DEADLINE_EXHAUSTED
    }

    /** A call refused before any attempt: no request went out. */
    record Rejected(String dependency, Refusal refusal, State breaker, int limit) implements PipelineEvent {}

    /** An attempt failed and attempt {@code nextAttempt} (2 for the first retry) starts after {@code backoffNanos}. */
    record RetryScheduled(String dependency, int nextAttempt, long backoffNanos, Throwable cause)
            implements PipelineEvent {}

    /** A hedge (attempt {@code attempt}, 1 for the first hedge) was sent after {@code afterNanos} without an answer. */
    record HedgeFired(String dependency, int attempt, long afterNanos) implements PipelineEvent {}

    /** Attempt {@code attempt} (0 the primary) answered first in a call that had sent a hedge. */
    record HedgeWon(String dependency, int attempt) implements PipelineEvent {}

    /** Attempt {@code attempt} was still running when another answered, and was cancelled. */
    record HedgeCancelled(String dependency, int attempt) implements PipelineEvent {}
}
