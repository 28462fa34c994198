package dev.resilientshop.resilience.circuitbreaker;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class CircuitBreakerConcurrencyTest {

    private static final int THREADS = 8;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final ManualClock clock = new ManualClock();

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    private void hammer(Runnable perThread) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                perThread.run();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
    }

    @Test
    void countWindowLosesAndDoublesNoOutcomeUnderContention() throws Exception {
        // a window larger than all records, thresholds that cannot trip: totals must be exact
        CircuitBreaker b = CircuitBreaker.of(
                "inventory",
                CircuitBreakerConfig.builder()
                        .clock(clock)
                        .countBasedWindow(200_000)
                        .failureRateThreshold(100)
                        .consecutiveFailureThreshold(1_000_000)
                        .build());
        AtomicLong failures = new AtomicLong();
        hammer(() -> {
            for (int i = 0; i < 20_000; i++) {
                Permit p = b.acquirePermission();
                if (i % 7 == 0) {
                    failures.incrementAndGet();
                    p.onError(1, new RuntimeException());
                } else {
                    p.onSuccess(1);
                }
            }
        });
        // 8 threads × 20,000 = 160,000 calls; failures: ceil(20,000 / 7) = 2,858 per thread
        assertThat(b.windowTotals()).containsExactly(160_000, failures.get(), 0);
        assertThat(failures.get()).isEqualTo(8 * 2_858);
    }

    @Test
    void countWindowTotalsMatchTheRingAfterWrappingUnderContention() throws Exception {
        // the window itself, not a breaker: a breaker would (rightly) open on the failures
        CountWindow w = new CountWindow(
                CircuitBreakerConfig.builder().countBasedWindow(100).build());
        hammer(() -> {
            for (int i = 0; i < 50_000; i++) {
                w.recordAndCheck(Window.FAILURE);
                assertThat(w.totals()[1]).isBetween(0L, 100L); // never borrowed, never above the window
            }
        });
        hammer(() -> {
            for (int i = 0; i < 50_000; i++) {
                w.recordAndCheck(Window.SUCCESS);
            }
        });
        // the last 100 of 400,000 successes fill the ring: every failure was evicted exactly once
        assertThat(w.totals()).containsExactly(100, 0, 0);
    }

    @RepeatedTest(20)
    void halfOpenNeverAdmitsMoreThanThePermittedProbes() throws Exception {
        CircuitBreaker b = CircuitBreaker.of(
                "inventory",
                CircuitBreakerConfig.builder().clock(clock).permittedProbes(3).build());
        b.forceOpen();
        clock.advance(ofSeconds(30)); // every thread sees the reset timeout elapse at once
        AtomicInteger admitted = new AtomicInteger();
        hammer(() -> {
            for (int i = 0; i < 1_000; i++) {
                if (b.tryAcquirePermission() != null) {
                    admitted.incrementAndGet(); // never completed: they hold their slots
                }
            }
        });
        assertThat(admitted.get()).isEqualTo(3);
        assertThat(b.transitionCount(StateTransition.OPEN_TO_HALF_OPEN))
                .isEqualTo(1); // exactly one thread won the move
    }

    @Test
    void concurrentFailuresOpenTheBreakerExactlyOnce() throws Exception {
        CircuitBreaker b = CircuitBreaker.of(
                "inventory", CircuitBreakerConfig.builder().clock(clock).build());
        hammer(() -> {
            for (int i = 0; i < 1_000; i++) {
                Permit p = b.tryAcquirePermission();
                if (p != null) {
                    p.onError(1, new RuntimeException());
                }
            }
        });
        assertThat(b.state()).isEqualTo(State.OPEN);
        assertThat(b.transitionCount(StateTransition.CLOSED_TO_OPEN)).isEqualTo(1);
    }
}
