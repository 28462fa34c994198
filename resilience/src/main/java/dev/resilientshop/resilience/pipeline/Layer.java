package dev.resilientshop.resilience.pipeline;

/**
 * The layers of a {@link ResiliencePipeline} that can be switched off one at a time while it runs
 * ({@link PipelineBuilder#switchedOff}): to show what each one does by watching what happens
 * without it, and to prove in a drill that the outcome is this layer's doing, not a neighbour's.
 *
 * <ul>
 * <li>{@link #LIMIT}: no bulkhead or adaptive limit; every call is admitted and the limit learns nothing.
 * <li>{@link #BREAKER}: every call goes through and the breaker records nothing (its state stays as it was).
 * <li>{@link #RETRY}: one attempt.
 * <li>{@link #HEDGING}: a read is a single attempt.
 * <li>{@link #TIMEOUT}: no per-attempt timeout and no deadline; the attempt gets
 *     {@link dev.resilientshop.resilience.deadline.Deadline#none} and the caller's HTTP client's own
 *     timeout is all that bounds it.
 * <li>{@link #FALLBACK}: the failure surfaces instead of the degraded answer.
 * </ul>
 */
public enum Layer {
    LIMIT,
    BREAKER,
    RETRY,
    HEDGING,
    TIMEOUT,
    FALLBACK
}
