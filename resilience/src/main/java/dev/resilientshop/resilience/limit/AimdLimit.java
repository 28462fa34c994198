package dev.resilientshop.resilience.limit;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Validate;

/**
 * Additive increase, multiplicative decrease after seed 002's {@code AdaptiveLimit}, with the
 * changes the shop needed to keep a healthy dependency off its floor.
 *
 * <p>Failure it prevents (seed 002): a static bulkhead size is "a guess" from a meeting; when
 * the inventory replica slows from 12 ms to 480 ms, a fixed 80 slots keep 80 slow calls in
 * flight. AIMD notices the queueing first and cuts the limit ("from ~80 to ~40"), then walks
 * it back up when latency recovers.
 *
 * <p>How it works, per completed call:
 * <ol>
 * <li>A failed call (error, timeout) is a drop: cut to {@code limit × backoffRatio}, never below
 *     the floor. Its round trip is no latency sample: a connection refused in 1 µs says nothing
 *     about how long a healthy call takes.
 * <li>A successful call updates two exponential averages of the RTT: a quick one (weight
 *     {@code rttSmoothing}) and a slow one (weight {@code baselineSmoothing}). The baseline is the
 *     lowest slow average of about the last {@code baselineWindow} ({@link WindowedMin}): the
 *     dependency's unqueued latency, which can rise again, and which one lucky call cannot drag
 *     down. The first {@code 1 / baselineSmoothing} calls only teach the averages.
 * <li>Quick average above {@code queueingThreshold × baseline}: queueing, cut as for a drop, but
 *     at most once per baseline round trip, as TCP cuts its window once per loss event: the calls
 *     that queued together behind one slow moment are one signal, not twenty.
 * <li>Else, when at least {@code growWhenUsed} of the limit was in flight and the limit is below the
 *     ceiling: {@code limit + 1}. Idle traffic never inflates it.
 * </ol>
 * Seed 002's original is {@code backoffRatio 0.5, growWhenUsed 1, rttSmoothing 1,
 * baselineSmoothing 1} with an endless window and no cut spacing; why the shop's defaults differ:
 * docs/patterns/adaptive-limit.md.
 *
 * <p>Thread-safety: {@link #onSample} is synchronized, as the seed's mutex; {@link #limit()} is
 * a volatile read. Place: inside an {@link AdaptiveLimiter}, where a pipeline would put a bulkhead.
 */
final class AimdLimit implements Limit {

    private final AimdConfig config;
    private final Clock clock;
    private final WindowedMin baseline;
    private volatile int limit;
    private long successes;
    private double quickRttNanos;
    private double slowRttNanos;
    private long lastCutNanos;
    private boolean everCut;

    AimdLimit(AimdConfig config) {
        this.config = config;
        this.clock = config.clock();
        this.baseline = new WindowedMin(config.baselineWindow());
        this.limit = config.initialLimit();
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public synchronized int onSample(long rttNanos, int inFlight, boolean dropped) {
        Validate.atLeast("inFlight", inFlight, 0);
        long now = clock.nanoTime();
        if (dropped) {
            cut(now);
            return limit;
        }
        long rtt = Math.max(1, rttNanos);
        successes++;
        // the first samples weigh 1/n (a plain mean), so neither average starts from one lucky call
        quickRttNanos += Math.max(config.rttSmoothing(), 1.0 / successes) * (rtt - quickRttNanos);
        slowRttNanos += Math.max(config.baselineSmoothing(), 1.0 / successes) * (rtt - slowRttNanos);
        if (successes * config.baselineSmoothing() >= 1) {
            baseline.record(now, Math.round(slowRttNanos));
        }
        if (quickRttNanos > config.queueingThreshold() * baseline.min(now)) {
            if (!everCut || now - lastCutNanos >= Math.min(quickRttNanos, baseline.min(now))) {
                cut(now); // at most once per round trip: the calls queued together are one signal
            }
        } else if (inFlight >= config.growWhenUsed() * limit && limit < config.maxLimit()) {
            limit++;
        }
        return limit;
    }

    @Override
    public synchronized void reset() {
        limit = config.initialLimit();
        successes = 0;
        quickRttNanos = 0;
        slowRttNanos = 0;
        lastCutNanos = 0;
        everCut = false;
        baseline.clear();
    }

    private void cut(long now) {
        limit = Math.max(config.minLimit(), (int) (limit * config.backoffRatio()));
        lastCutNanos = now;
        everCut = true;
    }

    /** The baseline RTT, or {@link WindowedMin#EMPTY} while there is none. */
    synchronized long baselineNanos() {
        return baseline.min(clock.nanoTime());
    }
}
