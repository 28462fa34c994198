package dev.resilientshop.testsupport.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The closed model beside the {@link LoadGenerator}'s open one: {@code clients} clients, each
 * sending one request, WAITING for its answer, pausing {@code think}, and sending the next; for a
 * fixed time, or until a fixed count of requests has been sent over all clients. Never more than
 * {@code clients} requests are in flight.
 *
 * <p>Why both: a closed model slows down when the shop does, so it cannot show overload (the
 * open model is for that, and for the replays). But some questions are about N shoppers at once,
 * each waiting for its page: what a shopper sees while a dependency hangs (the drills), how 50
 * clients racing with one idempotency key are answered (exactly N concurrent callers, no more),
 * or a burst of a fixed count of checkouts. Those need a bound on concurrency, not a rate. The
 * think time keeps the drills' clients from saturating a small machine, so latency measures the
 * pattern, not the run queue. Both models record into the same {@link LoadStats}; here a
 * sample's due time is when its client sent it, and its latency counts from there.
 *
 * <p>Clients are threads; time (the run's end, the think time) comes from the {@link LoadClock},
 * so a test can drive it.
 */
public final class ClosedLoop {

    /** The kind every request of a closed loop is recorded as. */
    public static final String KIND = "request";

    /**
     * What to run: {@code clients} clients; for {@code duration} (requests = 0) or until
     * {@code requests} have been sent (duration = 0); {@code think} between one client's answer
     * and its next request.
     */
    public record Plan(int clients, Duration duration, long requests, Duration think) {

        public Plan {
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(think, "think");
            if (clients < 1 || clients > 1_000) {
                throw new IllegalArgumentException("clients must be 1..1000, was " + clients);
            }
            if (duration.isNegative() || duration.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("duration must be 0..1 h, was " + duration);
            }
            if (requests < 0 || (requests == 0) == duration.isZero()) {
                throw new IllegalArgumentException(
                        "either a duration or a count of requests, was " + duration + " and " + requests);
            }
            if (think.isNegative()) {
                throw new IllegalArgumentException("think must not be negative, was " + think);
            }
        }

        /** {@code clients} clients for {@code duration}, each pausing {@code think} after every answer. */
        public static Plan timed(int clients, Duration duration, Duration think) {
            return new Plan(clients, duration, 0, think);
        }

        /** {@code clients} clients sending {@code requests} requests in all, without pausing. */
        public static Plan counted(int clients, long requests) {
            return new Plan(clients, Duration.ZERO, requests, Duration.ZERO);
        }

        public boolean isCounted() {
            return requests > 0;
        }
    }

    /** One client's request, sent and answered: the closed model's client waits for it. */
    @FunctionalInterface
    public interface Call {

        /**
         * Sends client {@code client}'s request and returns what came back; an exception counts as
         * no answer (status 0). {@code index} counts that client's requests in a timed run, and
         * every client's in a counted one (each index once, 0 to requests - 1).
         */
        Reply call(int client, long index) throws Exception;
    }

    private final Plan plan;
    private final Call call;
    private final LoadClock clock;
    private final LoadStats stats = new LoadStats();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopped;

    public ClosedLoop(Plan plan, Call call, LoadClock clock) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.call = Objects.requireNonNull(call, "call");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ClosedLoop(Plan plan, Call call) {
        this(plan, call, LoadClock.SYSTEM);
    }

    public LoadStats stats() {
        return stats;
    }

    /** Requests sent and not answered yet: never above the plan's clients. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Starts every client at once and returns when all have finished, or when {@code drain} has
     * passed after the plan's duration (real time): then the clients still waiting are interrupted
     * and their requests count as not answered. Returns the run's stats.
     */
    public LoadStats run(Duration drain) throws InterruptedException {
        long start = clock.nanoTime();
        stats.start(start);
        long end = start + plan.duration().toNanos();
        var next = new AtomicLong();
        var go = new CountDownLatch(1);
        var clients = new ArrayList<Thread>();
        for (int c = 0; c < plan.clients(); c++) {
            int client = c;
            var thread = new Thread(
                    () -> {
                        try {
                            go.await();
                            client(client, end, next);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "closed-loop-" + c);
            thread.setDaemon(true);
            clients.add(thread);
            thread.start();
        }
        go.countDown();
        long deadline = System.nanoTime() + plan.duration().toNanos() + drain.toNanos();
        try {
            for (var thread : clients) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } finally {
            stopped = true;
            for (var thread : clients) {
                thread.interrupt();
            }
            for (var thread : clients) {
                thread.join(1_000);
            }
        }
        return stats;
    }

    private void client(int client, long end, AtomicLong next) throws InterruptedException {
        long think = plan.think().toNanos();
        for (long i = 0; !stopped; i++) {
            long index;
            if (plan.isCounted()) {
                index = next.getAndIncrement();
                if (index >= plan.requests()) {
                    return;
                }
            } else {
                if (clock.nanoTime() - end >= 0) {
                    return;
                }
                index = i;
            }
            long sent = clock.nanoTime();
            stats.sent();
            inFlight.incrementAndGet();
            Reply reply;
            try {
                reply = call.call(client, index);
            } catch (Exception e) {
                reply = null;
            } finally {
                inFlight.decrementAndGet();
            }
            stats.record(KIND, sent, clock.nanoTime() - sent, reply == null ? Reply.of(0) : reply);
            if (think > 0) {
                clock.parkUntil(clock.nanoTime() + think);
            }
        }
    }
}
