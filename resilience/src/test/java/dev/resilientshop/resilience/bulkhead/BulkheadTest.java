package dev.resilientshop.resilience.bulkhead;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.deadline.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BulkheadTest {

    @Test
    void failsFastWhenFullAndExposesActiveAndMax() throws Exception {
        Bulkhead recommendations = Bulkhead.of("recommendations", BulkheadConfig.ofMaxConcurrentCalls(50));
        List<ConcurrencyLimiter.Token> held = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            held.add(recommendations.tryAcquire());
        }
        assertThat(recommendations.inFlight()).isEqualTo(50);
        assertThat(recommendations.limit()).isEqualTo(50);
        assertThat(recommendations.tryAcquire()).isNull(); // the 51st call fails fast
        assertThatThrownBy(() -> recommendations.acquire(Deadline.none(new ManualClock())))
                .isInstanceOf(BulkheadFullException.class)
                .hasMessageContaining("recommendations");
        assertThat(recommendations.rejectedCount()).isEqualTo(2);
        held.get(0).onSuccess(1);
        assertThat(recommendations.tryAcquire()).isNotNull();
    }

    @Test
    void maxWaitIsCutToTheCallersDeadline() {
        Bulkhead b = Bulkhead.of(
                "pricing",
                BulkheadConfig.builder()
                        .maxConcurrentCalls(1)
                        .maxWait(ofMillis(500))
                        .build());
        b.tryAcquire();
        ManualClock clock = new ManualClock();
        Deadline expired = Deadline.after(ofMillis(0), clock);
        long start = System.nanoTime();
        assertThatThrownBy(() -> b.acquire(expired)).isInstanceOf(BulkheadFullException.class);
        // no budget left → no wait at all, not the configured 500 ms
        assertThat(System.nanoTime() - start).isLessThan(ofMillis(400).toNanos());
    }

    @Test
    void admitsExactlyItsLimitWhenEveryCallerArrivesAtOnce() throws Exception {
        // Each round: 8 threads ask at the same moment and hold what they get until all have
        // asked, so the admitted count is the bulkhead's concurrency, not a scheduling accident.
        // 8 callers, 5 slots → exactly 5 admitted and 3 rejected, every round.
        int threads = 8;
        int rounds = 300;
        Bulkhead b = Bulkhead.of("inventory", BulkheadConfig.ofMaxConcurrentCalls(5));
        CyclicBarrier asked = new CyclicBarrier(threads);
        CyclicBarrier released = new CyclicBarrier(threads);
        AtomicIntegerArray admittedPerRound = new AtomicIntegerArray(rounds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int round = 0; round < rounds; round++) {
                    ConcurrencyLimiter.Token token = b.tryAcquire();
                    if (token != null) {
                        admittedPerRound.incrementAndGet(round);
                    }
                    asked.await(); // everyone asked while the admitted ones still hold their slot
                    if (token != null) {
                        token.onSuccess(1);
                    }
                    released.await(); // every slot is back before the next round
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (int round = 0; round < rounds; round++) {
            assertThat(admittedPerRound.get(round)).as("round " + round).isEqualTo(5);
        }
        assertThat(b.rejectedCount()).isEqualTo(rounds * 3L); // 300 rounds × 3 callers too many
        assertThat(b.inFlight()).isZero(); // every permit came back
    }

    @Test
    void releasingATokenTwiceGivesBackOneSlotOnly() {
        Bulkhead b = Bulkhead.of("pricing", BulkheadConfig.ofMaxConcurrentCalls(2));
        ConcurrencyLimiter.Token first = b.tryAcquire();
        ConcurrencyLimiter.Token second = b.tryAcquire();
        first.onSuccess(1);
        first.onError(1); // a buggy caller reports twice
        first.onIgnore();
        assertThat(b.inFlight()).isEqualTo(1); // the second call still holds its slot
        assertThat(b.tryAcquire()).isNotNull();
        assertThat(b.tryAcquire()).isNull(); // 2 slots, not 4: the double releases created none
        second.onSuccess(1);
    }

    @Test
    void aSlotWithoutATokenIsCountedAndRefusedLikeAToken() {
        Bulkhead b = Bulkhead.of("pricing", BulkheadConfig.ofMaxConcurrentCalls(2));
        assertThat(b.tryAcquireSlot()).isTrue();
        assertThat(b.tryAcquire()).isNotNull(); // both kinds share the same slots
        assertThat(b.inFlight()).isEqualTo(2);
        assertThat(b.tryAcquireSlot()).isFalse();
        assertThat(b.tryAcquireSlot()).isFalse();
        assertThat(b.rejectedCount()).isEqualTo(2); // the ops page's rejections include the sync path's
        b.releaseSlot();
        assertThat(b.inFlight()).isEqualTo(1);
        assertThat(b.tryAcquireSlot()).isTrue();
        assertThat(b.rejectedCount()).isEqualTo(2);
    }

    @Test
    void defaultsAreFiftySlotsThatFailFastWithTheNameAndLimitInTheRefusal() {
        Bulkhead recommendations = Bulkhead.ofDefaults("recommendations");
        assertThat(recommendations.name()).isEqualTo("recommendations");
        assertThat(recommendations.limit()).isEqualTo(50);
        assertThat(recommendations.config().maxWait()).isZero();
        for (int i = 0; i < 50; i++) {
            recommendations.tryAcquire();
        }
        assertThatThrownBy(() -> recommendations.acquire(Deadline.none(new ManualClock())))
                .isInstanceOfSatisfying(BulkheadFullException.class, full -> {
                    assertThat(full.limiterName()).isEqualTo("recommendations");
                    assertThat(full.limit()).isEqualTo(50);
                    assertThat(full).hasMessage("bulkhead 'recommendations' is full: 50 concurrent calls");
                });
    }

    @Test
    void withMaxWaitACallerWaitsForASlotThatIsReleasedMeanwhile() throws Exception {
        // maxWait at its 1 s maximum: the slot is released as soon as the caller is seen waiting
        Bulkhead b = Bulkhead.of(
                "pricing",
                BulkheadConfig.builder()
                        .maxConcurrentCalls(1)
                        .maxWait(ofMillis(1_000))
                        .build());
        ConcurrencyLimiter.Token held = b.tryAcquire();
        ExecutorService waiter = Executors.newSingleThreadExecutor();
        AtomicReference<Thread> waitingThread = new AtomicReference<>();
        Future<ConcurrencyLimiter.Token> waited = waiter.submit(() -> {
            waitingThread.set(Thread.currentThread());
            return b.acquire(Deadline.none(new ManualClock()));
        });
        try {
            while (waitingThread.get() == null || waitingThread.get().getState() != Thread.State.TIMED_WAITING) {
                if (waited.isDone()) {
                    break; // refused at once instead of waiting: the assertion below says so
                }
                Thread.onSpinWait();
            }
            held.onSuccess(1);
            assertThat(waited.get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(b.inFlight()).isEqualTo(1);
            assertThat(b.rejectedCount()).isZero();
        } finally {
            waiter.shutdownNow();
        }
    }
}
