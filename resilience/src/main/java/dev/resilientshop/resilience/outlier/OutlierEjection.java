package dev.resilientshop.resilience.outlier;

import static dev.resilientshop.resilience.core.Validate.atLeast;
import static dev.resilientshop.resilience.core.Validate.positive;

import dev.resilientshop.resilience.core.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passive outlier ejection over interchangeable hosts (the replicas of one service): a host whose
 * calls fail {@code consecutiveFailures} times in a row is taken out of the caller's rotation for
 * a while, without waiting for its health check to fail.
 *
 * <p>Failure it prevents (seed 002's timeline, replayed by {@code ./shop replay seed-002-timeline}):
 * one inventory replica turns slow while its health check stays green. Round robin keeps sending
 * it every other read; each of those waits out the attempt timeout and is retried on the healthy
 * replica, so the call as a whole succeeds, the dependency's breaker (one for all replicas) sees
 * few failures, and every other page pays the full timeout. A breaker per dependency cannot see a
 * sick replica; this can. Envoy's outlier detection is the model.
 *
 * <ul>
 * <li>Ejection time: {@code baseEjection} for the first ejection, doubled for each ejection in a
 * row, capped at {@code maxEjection}: a replica that is still sick when it comes back is tried
 * less and less often. A host that stays in for {@code maxEjection} after its last ejection is
 * forgiven: its next ejection is the base time again.
 * <li>Never the last host: an ejection that would leave no host in is not made (Envoy's
 * {@code max_ejection_percent}). Every host failing means the dependency is down, which is the
 * breaker's job, not the balancer's; with one host left in, the caller still has somewhere to go.
 * <li>Coming back is passive too: once its time is over the host is simply in the rotation again,
 * but on probation, like a breaker's half-open state: its first failure ejects it again at once,
 * for the next (doubled) time, and its first success ends the probation. Without it a replica
 * that is still sick takes a whole run of {@code consecutiveFailures} failed calls every time it
 * returns. The price: one transient failure right after a return costs a doubled ejection, which
 * forgiveness bounds. A success that lands while the host is out (a call that left before the
 * ejection) says nothing about the host after its break, so it does not end the probation.
 * </ul>
 *
 * <p>What counts as a failure is the caller's call: it should be a sign of the host's health (a
 * timeout, a refused connection, a 5xx), not the caller's own fault (a 404) nor an attempt the
 * caller cancelled because another one had already won (a hedge's loser).
 *
 * <p>Thread-safety: {@link Host#succeeded()} and {@link Host#isEjected()} read and write only the
 * host's own state (a success that finds the count at zero and no probation to end writes
 * nothing); an ejection takes the group's lock so that two hosts failing at once cannot both go
 * (OutlierEjectionStress), and two failures of a host on probation eject it once
 * (OutlierEjectionProbationStress). Probation is kept as a number, not a flag: the host is on
 * probation while fewer ejections have passed it than it has had, and a success raises that number
 * to the ejection count it read before it looked at the clock, never lowers it. A success racing
 * the ejection it did not see therefore cannot end the new probation.
 */
public final class OutlierEjection {

    private final int consecutiveFailures;
    private final long baseNanos;
    private final long maxNanos;
    private final Clock clock;
    private final List<Host> hosts = new CopyOnWriteArrayList<>();
    private final Object ejecting = new Object();

    public OutlierEjection(int consecutiveFailures, Duration baseEjection, Duration maxEjection, Clock clock) {
        this.consecutiveFailures = atLeast("consecutiveFailures", consecutiveFailures, 1);
        this.baseNanos = positive("baseEjection", baseEjection).toNanos();
        this.maxNanos = positive("maxEjection", maxEjection).toNanos();
        if (maxNanos < baseNanos) {
            throw new IllegalArgumentException(
                    "maxEjection must be >= baseEjection (" + baseEjection + "), but was " + maxEjection);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new host of this group, in until its calls fail. */
    public Host host(String name) {
        var host = new Host(Objects.requireNonNull(name, "name"));
        hosts.add(host);
        return host;
    }

    /**
     * Every host back in, every run of failures and every doubling forgotten, as if the group had
     * just been made ({@code ./shop resilience <service> reset}). The ejection counts stay: they
     * say what happened.
     */
    public void reset() {
        synchronized (ejecting) {
            long now = clock.nanoTime();
            for (var host : hosts) {
                host.failures.set(0);
                host.inARow = 0;
                host.probationPassed.set(host.ejections);
                if (host.isEjectedAt(now)) {
                    host.ejectedUntil = now;
                }
            }
        }
    }

    /** One host's run of failures and its ejections. */
    public final class Host {

        private final String name;
        private final AtomicInteger failures = new AtomicInteger();
        /** The clock's nanoTime when the latest ejection ends; meaningful only when {@link #ejections} > 0. */
        private volatile long ejectedUntil;
        /** Length of the latest ejection, in nanos; 0 before the first. */
        private volatile long ejectedNanos;
        /** Ejections in a row, for the doubling; guarded by the group's lock. */
        private int inARow;
        /** Written under the group's lock only, so its increment is not lost. */
        private volatile int ejections;
        /** How many of the ejections a success after the host's return has ended the probation of; below {@link #ejections}: on probation. */
        private final AtomicInteger probationPassed = new AtomicInteger();

        private Host(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** A call to this host answered: the run of failures is over, and so is a probation if the host is in. */
        public void succeeded() {
            if (failures.get() != 0) {
                failures.set(0);
            }
            int ejected = ejections; // read before the clock: an ejection after this one is not passed here
            if (probationPassed.get() < ejected && !isEjected()) {
                probationPassed.accumulateAndGet(ejected, Math::max);
            }
        }

        private boolean onProbation() {
            return probationPassed.get() < ejections;
        }

        /**
         * A call to this host failed in a way that says something about its health.
         *
         * @return true when this failure ejected the host
         */
        public boolean failed() {
            if (isEjected()) {
                return false; // a call that left before the ejection: the host is already out
            }
            if (failures.incrementAndGet() < consecutiveFailures && !onProbation()) {
                return false;
            }
            synchronized (ejecting) {
                long now = clock.nanoTime();
                if (isEjectedAt(now) || failures.get() < consecutiveFailures && !onProbation()) {
                    return false; // ejected meanwhile (by this host's other failure on probation, too), or a success
                    // came in between
                }
                for (var other : hosts) {
                    if (other != this && !other.isEjectedAt(now)) {
                        eject(now);
                        return true;
                    }
                }
                return false; // the last host in stays in; its next failure asks again
            }
        }

        private void eject(long now) {
            if (ejections > 0 && now - ejectedUntil >= maxNanos) {
                inARow = 0;
            }
            long length = baseNanos;
            for (int i = 0; i < inARow && length < maxNanos; i++) {
                length *= 2; // stops at the cap, so it cannot overflow
            }
            length = Math.min(length, maxNanos);
            inARow++;
            ejectedNanos = length;
            ejectedUntil = now + length;
            // the run of failures is left as it is: the host returns on probation, where any failure
            // ejects it, and the success that ends the probation ends the run too
            ejections = ejections + 1;
        }

        /** True while the host is out of the rotation. */
        public boolean isEjected() {
            return isEjectedAt(clock.nanoTime());
        }

        private boolean isEjectedAt(long now) {
            // ejectedUntil means nothing before the first ejection: nanoTime's origin is arbitrary and may be negative
            return ejections > 0 && now - ejectedUntil < 0;
        }

        /** How long the latest ejection lasts (or lasted); zero if the host was never ejected. */
        public Duration ejectedFor() {
            return Duration.ofNanos(ejectedNanos);
        }

        /** How many times this host has been ejected. */
        public int ejections() {
            return ejections;
        }

        @Override
        public String toString() {
            return name + (isEjected() ? " (ejected)" : "");
        }
    }
}
