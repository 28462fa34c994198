package dev.resilientshop.testsupport.load;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An open-model load generator: requests arrive on a fixed schedule, the {@code i}-th at
 * {@code start + i / rps}, whatever the shop does. A closed model (N clients, each waiting for
 * its answer before sending the next) slows down exactly when the shop does, so it can never show
 * overload: the queue that real users build up never forms. Here a slow shop means more requests
 * in flight, not fewer sent.
 *
 * <p>One thread dispatches; the {@link Sender} must not block. A request is <em>late</em> when it
 * leaves more than {@code lateTolerance} after its due time (the machine could not keep up with
 * the schedule; the run says how many), and <em>not sent</em> when {@code maxInFlight} requests
 * are already waiting for an answer: the bound that keeps a generator from exhausting this
 * machine when the shop stops answering. Latency counts from the due time, so neither hides a
 * slow shop (see {@link LoadStats}).
 */
public final class LoadGenerator {

    /** What to run: rate, length, mix, and the bounds. */
    public record Plan(double rps, Duration duration, Mix mix, int maxInFlight, Duration lateTolerance) {

        public Plan {
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(mix, "mix");
            Objects.requireNonNull(lateTolerance, "lateTolerance");
            if (!(rps > 0) || rps > 10_000) {
                throw new IllegalArgumentException("rps must be above 0 and at most 10000, was " + rps);
            }
            if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("duration must be above 0 and at most 1 h, was " + duration);
            }
            if (maxInFlight < 1 || maxInFlight > 10_000) {
                throw new IllegalArgumentException("maxInFlight must be 1..10000, was " + maxInFlight);
            }
        }

        /** {@code rps} for {@code duration} with {@code mix}; at most 1000 in flight; late beyond 10 ms. */
        public static Plan of(double rps, Duration duration, Mix mix) {
            return new Plan(rps, duration, mix, 1000, Duration.ofMillis(10));
        }

        public Plan maxInFlight(int bound) {
            return new Plan(rps, duration, mix, bound, lateTolerance);
        }

        /** How many requests the schedule holds: every due time in [0, duration). */
        public long arrivals() {
            return (long) Math.ceil(rps * duration.toNanos() / 1e9 - 1e-9);
        }

        /** When the {@code index}-th request is due, in nanos after the start. */
        public long dueOffsetNanos(long index) {
            return Math.round(index * 1e9 / rps);
        }
    }

    private final Plan plan;
    private final Sender sender;
    private final LoadClock clock;
    private final LoadStats stats;
    private final Semaphore inFlight;

    /** @param budget the page budget: answers served later count as slow, not as pages ({@link LoadStats.Outcome}) */
    public LoadGenerator(Plan plan, Sender sender, LoadClock clock, Duration budget) {
        this.plan = plan;
        this.sender = sender;
        this.clock = clock;
        this.stats = new LoadStats(budget.toNanos());
        this.inFlight = new Semaphore(plan.maxInFlight());
    }

    public LoadGenerator(Plan plan, Sender sender, LoadClock clock) {
        this(plan, sender, clock, Duration.ofNanos(LoadStats.DEFAULT_BUDGET_NANOS));
    }

    public LoadGenerator(Plan plan, Sender sender) {
        this(plan, sender, LoadClock.SYSTEM);
    }

    public LoadStats stats() {
        return stats;
    }

    public int inFlight() {
        return plan.maxInFlight() - inFlight.availablePermits();
    }

    /**
     * Sends the whole schedule, then waits up to {@code drain} for the answers still in flight
     * (those that do not come count as not answered). Returns the run's stats.
     */
    public LoadStats run(Duration drain) throws InterruptedException {
        long start = clock.nanoTime();
        stats.start(start);
        long arrivals = plan.arrivals();
        long tolerance = plan.lateTolerance().toNanos();
        for (long i = 0; i < arrivals; i++) {
            long due = start + plan.dueOffsetNanos(i);
            clock.parkUntil(due);
            if (clock.nanoTime() - due > tolerance) {
                stats.late();
            }
            if (!inFlight.tryAcquire()) {
                stats.dropped();
                continue;
            }
            var kind = plan.mix().kindOf(i);
            stats.sent();
            CompletableFuture<Reply> answer;
            try {
                answer = sender.sendForReply(kind, i);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((reply, error) -> {
                stats.record(kind, due, clock.nanoTime() - due, error == null && reply != null ? reply : Reply.of(0));
                inFlight.release();
            });
        }
        if (inFlight.tryAcquire(plan.maxInFlight(), drain.toNanos(), TimeUnit.NANOSECONDS)) {
            inFlight.release(plan.maxInFlight());
        }
        return stats;
    }

    /**
     * As {@link #run(Duration)} on the real clock, printing {@link LoadStats#intervalLine} to
     * {@code live} once a second while it runs.
     */
    public LoadStats runWithLiveLines(Duration drain, Consumer<String> live) throws InterruptedException {
        var ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "load-live-line");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        ticker.scheduleAtFixedRate(
                () -> live.accept(stats.intervalLine((System.nanoTime() - start) / 1e9, 1.0, inFlight())),
                1,
                1,
                TimeUnit.SECONDS);
        try {
            return run(drain);
        } finally {
            ticker.shutdownNow();
        }
    }
}
