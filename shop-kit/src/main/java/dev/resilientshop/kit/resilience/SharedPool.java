package dev.resilientshop.kit.resilience;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Naive mode's outbound pool: ONE pool of {@code shop.naive.pool-size} connections (20; seed
 * 002's 100 shared connections scaled to a two-core machine), each held by a worker thread for the
 * whole call, shared by every dependency, with only the client's default timeout
 * ({@code shop.naive.timeout}, 10 s, counted from the moment the call asks for a connection).
 *
 * <p>This is the "before" picture of seed 002: "all outbound calls shared the same goroutine
 * pool and connection pool. When the recommendation service slowed, it burned all available
 * connections. Inventory and pricing calls starved." A call that finds every connection taken
 * waits in line; a slow dependency's calls keep theirs for the full 4.8 s, so a category page,
 * which never calls that dependency, waits behind them and blows its budget or times out. The
 * resilient mode's answer is one bulkhead per dependency (the pipelines); this class exists only
 * so the cascade they prevent can be watched ({@code /ops/state} field {@code sharedPool},
 * metrics {@code shared_pool_*}).
 */
@Singleton
public class SharedPool implements AutoCloseable {

    /** The pool at one moment, for {@code /ops/state}. */
    public record Snapshot(
            int size, int inUse, int queued, int peakInUse, long calls, long timedOut, Map<String, Integer> inUseBy) {}

    private final int size;
    private final Duration timeout;
    private final ThreadPoolExecutor workers;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final LongAdder calls = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final Map<String, AtomicInteger> inUseBy = new ConcurrentHashMap<>();

    public SharedPool(int size, Duration timeout, String service) {
        if (size < 1 || size > 1_000) {
            throw new IllegalArgumentException("shop.naive.pool-size must be 1..1000, was " + size);
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("shop.naive.timeout must be above zero, was " + timeout);
        }
        this.size = size;
        this.timeout = timeout;
        var n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            var t = new Thread(r, "shared-pool-" + service + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Inject
    SharedPool(
            @ConfigProperty(name = "shop.naive.pool-size", defaultValue = "20") int size,
            @ConfigProperty(name = "shop.naive.timeout", defaultValue = "10s") Duration timeout,
            @ConfigProperty(name = "shop.instance", defaultValue = "${quarkus.application.name}") String service,
            MeterRegistry meters) {
        this(size, timeout, service);
        var tags = Tags.of("service", service);
        Gauge.builder("shared_pool_connections_in_use", this, p -> p.inUse.get())
                .tags(tags)
                .description("Naive mode: connections of the one shared outbound pool held by a call")
                .register(meters);
        Gauge.builder("shared_pool_waiting_calls", this, p -> p.queued.get())
                .tags(tags)
                .description("Naive mode: outbound calls waiting for a connection of the shared pool")
                .register(meters);
        Gauge.builder("shared_pool_connections_max", this, p -> p.size)
                .tags(tags)
                .description("Naive mode: size of the one shared outbound pool")
                .register(meters);
    }

    /**
     * Runs {@code call} on a connection of the pool: waits for one in line, holds it until the
     * answer (or the client timeout), then gives it back. Fails with {@link TimeoutException} when
     * the client timeout passes first, whether waiting or called; any other failure unchanged.
     */
    public <T> CompletableFuture<T> call(String dependency, Supplier<? extends CompletionStage<T>> call) {
        calls.increment();
        var result = new CompletableFuture<T>();
        var claimed = new AtomicBoolean();
        var source = new AtomicReference<CompletableFuture<T>>();
        long deadline = System.nanoTime() + timeout.toNanos();
        queued.incrementAndGet();
        result.whenComplete((value, error) -> {
            var running = source.get();
            if (result.isCancelled() && running != null) {
                running.cancel(true);
            }
        });
        CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .execute(() -> {
                    if (claimed.compareAndSet(false, true)) {
                        queued.decrementAndGet();
                        timedOut.increment();
                        result.completeExceptionally(new TimeoutException("no connection of the shared pool (" + size
                                + ") free within " + timeout.toMillis() + " ms for " + dependency));
                    }
                });
        try {
            workers.execute(() -> {
                if (!claimed.compareAndSet(false, true) || result.isDone()) {
                    return;
                }
                queued.decrementAndGet();
                hold(dependency, deadline, call, source, result);
            });
        } catch (RejectedExecutionException closed) {
            if (claimed.compareAndSet(false, true)) {
                queued.decrementAndGet();
            }
            result.completeExceptionally(closed);
        }
        return result;
    }

    private <T> void hold(
            String dependency,
            long deadline,
            Supplier<? extends CompletionStage<T>> call,
            AtomicReference<CompletableFuture<T>> source,
            CompletableFuture<T> result) {
        int now = inUse.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        var mine = inUseBy.computeIfAbsent(dependency, d -> new AtomicInteger());
        mine.incrementAndGet();
        CompletableFuture<T> running = null;
        try {
            running = call.get().toCompletableFuture();
            source.set(running);
            if (result.isCancelled()) {
                running.cancel(true);
            }
            result.complete(running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException late) {
            running.cancel(true);
            timedOut.increment();
            result.completeExceptionally(new TimeoutException("no answer from " + dependency
                    + " within the client timeout of " + timeout.toMillis() + " ms (shared pool)"));
        } catch (ExecutionException failed) {
            result.completeExceptionally(failed.getCause());
        } catch (CancellationException cancelled) {
            result.cancel(true);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(interrupted);
        } catch (RuntimeException thrown) {
            result.completeExceptionally(thrown);
        } finally {
            mine.decrementAndGet();
            inUse.decrementAndGet();
        }
    }

    public Snapshot snapshot() {
        var by = new TreeMap<String, Integer>();
        inUseBy.forEach((dependency, n) -> {
            if (n.get() > 0) {
                by.put(dependency, n.get());
            }
        });
        return new Snapshot(size, inUse.get(), queued.get(), peak.get(), calls.sum(), timedOut.sum(), by);
    }

    /** Forgets the peak (a drill starting afresh); the connections in use stay as they are. */
    public void resetPeak() {
        peak.set(inUse.get());
    }

    @PreDestroy
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
