package dev.resilientshop.resilience.limit;

import dev.resilientshop.resilience.bulkhead.ConcurrencyLimiter;
import java.util.PriorityQueue;

/**
 * A deterministic discrete-time dependency with {@code capacity} workers, each serving one
 * request in {@code serviceMs} (FIFO): latency is the service time while in-flight ≤ capacity,
 * and grows with the queue beyond it (a request behind k full rounds waits k × serviceMs).
 * Clients have unlimited demand: every millisecond they send as many requests as the limiter
 * admits, so the limiter alone decides the load.
 */
final class SimulatedDependency {

    private record Completion(long atMs, long rttMs, ConcurrencyLimiter.Token token) {
    }

    private final int capacity;
    private final PriorityQueue<Long> workerFreeAtMs = new PriorityQueue<>();
    private final PriorityQueue<Completion> completions =
            new PriorityQueue<>((a, b) -> Long.compare(a.atMs(), b.atMs()));
    private long serviceMs;
    private long nowMs;

    SimulatedDependency(int capacity, long serviceMs) {
        this.capacity = capacity;
        this.serviceMs = serviceMs;
        for (int i = 0; i < capacity; i++) {
            workerFreeAtMs.add(0L);
        }
    }

    void serviceMs(long ms) {
        serviceMs = ms;
    }

    /** Runs {@code ms} milliseconds; returns the limit observed at the end of each one. */
    int[] run(ConcurrencyLimiter limiter, int ms) {
        int[] trace = new int[ms];
        for (int i = 0; i < ms; i++, nowMs++) {
            while (!completions.isEmpty() && completions.peek().atMs() <= nowMs) {
                Completion c = completions.poll();
                c.token().onSuccess(c.rttMs() * 1_000_000L);
            }
            ConcurrencyLimiter.Token token;
            while ((token = limiter.tryAcquire()) != null) {
                long start = Math.max(nowMs, workerFreeAtMs.poll());
                long finish = start + serviceMs;
                workerFreeAtMs.add(finish);
                completions.add(new Completion(finish, finish - nowMs, token));
            }
            trace[i] = limiter.limit();
        }
        return trace;
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
