package dev.resilientshop.resilience.limit;

import dev.resilientshop.resilience.bulkhead.ConcurrencyLimiter;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.RandomSource;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A deterministic discrete-time dependency with {@code capacity} workers, each serving one
 * request in {@code serviceMs} (FIFO): latency is the service time while in-flight ≤ capacity,
 * and grows with the queue beyond it (a request behind k full rounds waits k × serviceMs).
 *
 * <p>Two kinds of demand: {@link #run} has unlimited demand (every millisecond the clients send
 * as many requests as the limiter admits, so the limiter alone decides the load);
 * {@link #runClients} has a fixed number of closed-loop clients, each sending its next request as
 * soon as the last one answered, or {@code serviceMs} after a refusal (the page took its
 * fallback). Optional, from a seeded source: a noisy service time and fail-fast errors (a
 * refused connection answers in 1 µs). The simulation owns a {@link ManualClock} that moves
 * 1 ms per step, for limits that keep time windows.
 */
final class SimulatedDependency {

    private record Completion(long atMs, long rttMs, ConcurrencyLimiter.Token token) {}

    private final int capacity;
    private final ManualClock clock = new ManualClock();
    private final PriorityQueue<Long> workerFreeAtMs = new PriorityQueue<>();
    private final PriorityQueue<Completion> completions =
            new PriorityQueue<>((a, b) -> Long.compare(a.atMs(), b.atMs()));
    private long serviceMs;
    private long nowMs;
    private RandomSource random = () -> 0.5;
    private double noise;
    private double failFast;
    private double hiccups;
    private double hiccupFactor;
    private long admitted;
    private long refused;

    SimulatedDependency(int capacity, long serviceMs) {
        this.capacity = capacity;
        this.serviceMs = serviceMs;
        for (int i = 0; i < capacity; i++) {
            workerFreeAtMs.add(0L);
        }
    }

    ManualClock clock() {
        return clock;
    }

    void serviceMs(long ms) {
        serviceMs = ms;
    }

    /**
     * Service times become {@code serviceMs × e^(noise × z)}, z standard normal from the seeded
     * source: a healthy dependency whose round trips scatter (noise 0.5: p5 ≈ 0.44×, p95 ≈ 2.3×).
     */
    SimulatedDependency noise(double sigma, long seed) {
        noise = sigma;
        random = RandomSource.seeded(seed);
        return this;
    }

    /** A fraction of requests takes {@code factor} times as long (a pause, a busy core). */
    SimulatedDependency hiccups(double fraction, double factor) {
        hiccups = fraction;
        hiccupFactor = factor;
        return this;
    }

    /** A fraction of requests fails in 1 µs without reaching a worker (connection refused). */
    void failFast(double fraction) {
        failFast = fraction;
    }

    long admitted() {
        return admitted;
    }

    long refused() {
        return refused;
    }

    /** Runs {@code ms} milliseconds of unlimited demand; returns the limit at the end of each one. */
    int[] run(ConcurrencyLimiter limiter, int ms) {
        int[] trace = new int[ms];
        for (int i = 0; i < ms; i++) {
            complete();
            ConcurrencyLimiter.Token token;
            while ((token = limiter.tryAcquire()) != null) {
                send(token, -1);
            }
            trace[i] = limiter.limit();
            tick();
        }
        return trace;
    }

    /** Runs {@code ms} milliseconds of {@code clients} closed-loop clients; returns the limit per ms. */
    int[] runClients(ConcurrencyLimiter limiter, int clients, int ms) {
        long[] nextSendAtMs = new long[clients];
        int[] trace = new int[ms];
        for (int i = 0; i < ms; i++) {
            complete();
            for (int client = 0; client < clients; client++) {
                if (nextSendAtMs[client] > nowMs) {
                    continue;
                }
                ConcurrencyLimiter.Token token = limiter.tryAcquire();
                if (token == null) {
                    refused++;
                    nextSendAtMs[client] = nowMs + serviceMs; // fallback page, then the next request
                } else {
                    nextSendAtMs[client] = send(token, client);
                }
            }
            trace[i] = limiter.limit();
            tick();
        }
        return trace;
    }

    private void complete() {
        for (Completion c; (c = completions.peek()) != null && c.atMs() <= nowMs; ) {
            finish(completions.poll());
        }
    }

    private static void finish(Completion c) {
        c.token().onSuccess(c.rttMs() * 1_000_000L);
    }

    /** Sends one request; returns when its client may send again (Long.MAX_VALUE until it answers). */
    private long send(ConcurrencyLimiter.Token token, int client) {
        admitted++;
        if (failFast > 0 && random.nextDouble() < failFast) {
            token.onError(1_000); // a refused connection: 1 µs
            return nowMs + 1;
        }
        long start = Math.max(nowMs, workerFreeAtMs.poll());
        long finish = start + serviceTime();
        workerFreeAtMs.add(finish);
        completions.add(new Completion(finish, finish - nowMs, token));
        return client < 0 ? Long.MAX_VALUE : finish;
    }

    private long serviceTime() {
        double ms = noise == 0 ? serviceMs : serviceMs * Math.exp(noise * gaussian());
        if (hiccups > 0 && random.nextDouble() < hiccups) {
            ms *= hiccupFactor;
        }
        return Math.max(1, Math.round(ms));
    }

    private double gaussian() { // Box-Muller, from the seeded source
        double u1 = Math.max(1e-12, random.nextDouble());
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private void tick() {
        nowMs++;
        clock.advance(Duration.ofMillis(1));
    }

    int capacity() {
        return capacity;
    }

    static double mean(int[] trace, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += trace[i];
        }
        return sum / (double) (to - from);
    }
}
