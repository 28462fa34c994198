package dev.resilientshop.resilience.retry;

/**
 * How a backoff is randomised.
 *
 * <ul>
 * <li>{@link #FULL} (default): {@code random(0, min(maxDelay, base × multiplier^n))}. The cap
 *     is applied first and the randomness last, so even at the cap the clients stay spread over
 *     {@code [0, maxDelay)}. Resilience4j randomises first and caps afterwards: once the
 *     exponential passes the cap, every client's randomised value is above it, is cut to
 *     exactly {@code maxDelay}, and all of them retry in lock-step, the thundering herd that
 *     jitter was meant to prevent (seed 000: "without it, all clients retry at exactly the same
 *     time").
 * <li>{@link #DECORRELATED}: {@code random(base, min(maxDelay, previous × 3))} (AWS
 *     architecture blog), spread like full jitter but growing from the previous delay.
 * <li>{@link #NONE}: the capped exponential; for tests and single clients only.
 * </ul>
 */
public enum Jitter {
    FULL,
    DECORRELATED,
    NONE
}
