package dev.resilientshop.resilience.circuitbreaker;

import dev.resilientshop.resilience.core.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The circuit breaker written the obvious way, for the property tests to compare against: one
 * lock, plain lists, the window as a list of remembered outcomes, no packing, no episode
 * objects. Same config and the same clock as the real breaker.
 */
final class BreakerModel {

    /** What a caller holds after a permitted call: the episode it came from and, if a probe, its slot. */
    record Ticket(long episode, int slot, long issuedAtNanos) {}

    private record Outcome(long second, boolean failed, boolean slow) {}

    private static final long SECOND = 1_000_000_000L;
    private static final Ticket COMPLETED = new Ticket(-1, -1, 0);

    private final CircuitBreakerConfig config;
    private final Clock clock;
    private State state = State.CLOSED;
    private long episode;
    private long episodeStartNanos;
    private final List<Outcome> window = new ArrayList<>();
    private int consecutiveFailures;
    private long openedAtNanos;
    private Ticket[] probes;
    private int probeSuccesses;
    private final Map<StateTransition, Long> transitions = new EnumMap<>(StateTransition.class);
    private long rejected;

    BreakerModel(CircuitBreakerConfig config) {
        this.config = config;
        this.clock = config.clock();
        this.episodeStartNanos = clock.nanoTime();
    }

    synchronized State state() {
        return state;
    }

    synchronized long transitions(StateTransition t) {
        return transitions.getOrDefault(t, 0L);
    }

    synchronized long rejected() {
        return rejected;
    }

    synchronized Ticket acquire() {
        long now = clock.nanoTime();
        if (state == State.OPEN) {
            if (now - openedAtNanos < config.resetTimeout().toNanos()) {
                rejected++;
                return null;
            }
            moveTo(State.HALF_OPEN);
        }
        if (state == State.CLOSED) {
            return new Ticket(episode, -1, now);
        }
        for (int i = 0; i < probes.length; i++) {
            Ticket p = probes[i];
            boolean expired = p != null
                    && p != COMPLETED
                    && now - p.issuedAtNanos() >= config.probeLease().toNanos();
            if (p == null || expired) {
                probes[i] = new Ticket(episode, i, now);
                return probes[i];
            }
        }
        rejected++;
        return null;
    }

    synchronized void success(Ticket t, long durationNanos) {
        boolean slow = durationNanos > config.slowCallDurationThreshold().toNanos();
        if (t.episode() != episode) {
            return; // reports into an episode that is over change nothing
        }
        if (state == State.CLOSED) {
            consecutiveFailures = 0;
            record(false, slow);
        } else if (ownsSlot(t)) {
            probes[t.slot()] = COMPLETED;
            if (slow) {
                moveTo(State.OPEN);
            } else if (++probeSuccesses >= config.permittedProbes()) {
                moveTo(State.CLOSED);
            }
        }
    }

    synchronized void failure(Ticket t, long durationNanos, Throwable error) {
        if (config.ignoreException().test(error)) {
            ignore(t);
            return;
        }
        boolean slow = durationNanos > config.slowCallDurationThreshold().toNanos();
        if (t.episode() != episode) {
            return;
        }
        if (state == State.CLOSED) {
            consecutiveFailures++;
            record(true, slow);
        } else if (ownsSlot(t)) {
            probes[t.slot()] = COMPLETED;
            moveTo(State.OPEN);
        }
    }

    synchronized void ignore(Ticket t) {
        if (t.episode() == episode && state == State.HALF_OPEN && ownsSlot(t)) {
            probes[t.slot()] = null;
        }
    }

    synchronized void reset() {
        moveTo(State.CLOSED);
    }

    synchronized void forceOpen() {
        if (state != State.OPEN) {
            moveTo(State.OPEN);
        }
    }

    /** {calls, failures, slowCalls} of the current window; zeros when not closed. */
    synchronized long[] totals() {
        if (state != State.CLOSED) {
            return new long[3];
        }
        long calls = 0;
        long failures = 0;
        long slow = 0;
        for (Outcome o : inWindow()) {
            calls++;
            failures += o.failed() ? 1 : 0;
            slow += o.slow() ? 1 : 0;
        }
        return new long[] {calls, failures, slow};
    }

    private boolean ownsSlot(Ticket t) {
        return probes[t.slot()] == t;
    }

    private List<Outcome> inWindow() {
        if (config.windowType() == CircuitBreakerConfig.WindowType.COUNT_BASED) {
            int n = window.size();
            return window.subList(Math.max(0, n - config.windowSize()), n); // the last N calls
        }
        long nowSecond = currentSecond();
        List<Outcome> recent = new ArrayList<>(); // the last N whole seconds, this one included
        for (Outcome o : window) {
            if (nowSecond - o.second() < config.windowSize()) {
                recent.add(o);
            }
        }
        return recent;
    }

    private long currentSecond() {
        return (clock.nanoTime() - episodeStartNanos) / SECOND;
    }

    private void record(boolean failed, boolean slow) {
        window.add(new Outcome(currentSecond(), failed, slow));
        long[] t = totals();
        boolean rateTrip = t[0] >= config.minimumNumberOfCalls()
                && (t[1] * 100.0 >= config.failureRateThreshold() * t[0]
                        || t[2] * 100.0 >= config.slowCallRateThreshold() * t[0]);
        if (rateTrip || (failed && consecutiveFailures >= config.consecutiveFailureThreshold())) {
            moveTo(State.OPEN);
        }
    }

    private void moveTo(State to) {
        transitions.merge(StateTransition.between(state, to), 1L, Long::sum);
        state = to;
        episode++;
        long now = clock.nanoTime();
        window.clear();
        consecutiveFailures = 0;
        episodeStartNanos = now;
        openedAtNanos = now;
        probes = new Ticket[config.permittedProbes()];
        probeSuccesses = 0;
    }
}
