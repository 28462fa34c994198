package dev.resilientshop.kit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Naive mode's one pool for every outbound call (seed 002's "before" picture): a slow dependency
 * holds its connections, and a call to a healthy dependency waits behind it.
 */
class SharedPoolTest {

    private SharedPool pool;

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void slowCallsToOneDependencyHoldEveryConnectionAndAHealthyDependencyWaits() throws Exception {
        pool = new SharedPool(2, Duration.ofSeconds(10), "test");
        var slowA = new CompletableFuture<String>();
        var slowB = new CompletableFuture<String>();
        var first = pool.call("recommendations", () -> slowA);
        var second = pool.call("recommendations", () -> slowB);
        var started = new AtomicInteger();
        var healthy = pool.call("inventory", () -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("stock");
        });

        eventually(() -> pool.snapshot().inUse() == 2);
        Thread.sleep(100);
        assertThat(started)
                .as("inventory's call has no connection while recommendations hold both")
                .hasValue(0);
        assertThat(healthy).isNotDone();
        var busy = pool.snapshot();
        assertThat(busy.size()).isEqualTo(2);
        assertThat(busy.queued()).isEqualTo(1);
        assertThat(busy.inUseBy()).containsEntry("recommendations", 2);

        slowA.complete("recs");
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("recs");
        assertThat(healthy.get(5, TimeUnit.SECONDS)).isEqualTo("stock");
        slowB.complete("recs");
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("recs");
        eventually(() -> pool.snapshot().inUse() == 0);
        var after = pool.snapshot();
        assertThat(after.peakInUse()).isEqualTo(2);
        assertThat(after.calls()).isEqualTo(3);
        assertThat(after.queued()).isZero();
    }

    @Test
    void aCallStillWaitingForAConnectionWhenTheClientTimeoutExpiresFailsAndNeverStarts() throws Exception {
        pool = new SharedPool(1, Duration.ofMillis(300), "test");
        // a blocking client: the thread (the connection) is busy for 800 ms, past every waiting call's 300 ms
        pool.call("recommendations", () -> {
            try {
                Thread.sleep(800);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture("late");
        });
        eventually(() -> pool.snapshot().inUse() == 1);
        var started = new AtomicInteger();
        var waiting = pool.call("inventory", () -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("stock");
        });

        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("shared pool");
        assertThat(started).hasValue(0);
        assertThat(pool.snapshot().timedOut()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aCallThatOutlivesTheClientTimeoutIsCancelledAndGivesItsConnectionBack() throws Exception {
        pool = new SharedPool(1, Duration.ofMillis(300), "test");
        var hanging = new CompletableFuture<String>();
        var call = pool.call("recommendations", () -> hanging);

        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);
        assertThat(hanging).isCancelled();
        eventually(() -> pool.snapshot().inUse() == 0);
        assertThat(pool.call("inventory", () -> CompletableFuture.completedFuture("stock"))
                        .get(5, TimeUnit.SECONDS))
                .isEqualTo("stock");
    }

    @Test
    void failuresPassThroughUnchanged() {
        pool = new SharedPool(2, Duration.ofSeconds(5), "test");
        var boom = new IllegalStateException("HTTP 500");
        assertThatThrownBy(() -> pool.call("pricing", () -> CompletableFuture.<String>failedFuture(boom))
                        .get(5, TimeUnit.SECONDS))
                .cause()
                .isSameAs(boom);
        assertThatThrownBy(() -> pool.call("pricing", () -> {
                            throw boom;
                        })
                        .get(5, TimeUnit.SECONDS))
                .cause()
                .isSameAs(boom);
    }

    private static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void sizeAndTimeoutMustBeSensible() {
        assertThatThrownBy(() -> new SharedPool(0, Duration.ofSeconds(1), "test"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedPool(2, Duration.ZERO, "test")).isInstanceOf(IllegalArgumentException.class);
        pool = new SharedPool(1, Duration.ofSeconds(1), "test");
    }
}
