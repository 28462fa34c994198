package dev.resilientshop.resilience.bulkhead;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.deadline.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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
                .isInstanceOf(BulkheadFullException.class).hasMessageContaining("recommendations");
        assertThat(recommendations.rejectedCount()).isEqualTo(2);
        held.get(0).onSuccess(1);
        assertThat(recommendations.tryAcquire()).isNotNull();
    }

    @Test
    void maxWaitIsCutToTheCallersDeadline() {
        Bulkhead b = Bulkhead.of("pricing", BulkheadConfig.builder().maxConcurrentCalls(1).maxWait(ofMillis(500)).build());
        b.tryAcquire();
        ManualClock clock = new ManualClock();
        Deadline expired = Deadline.after(ofMillis(0), clock);
        long start = System.nanoTime();
        assertThatThrownBy(() -> b.acquire(expired)).isInstanceOf(BulkheadFullException.class);
        // no budget left → no wait at all, not the configured 500 ms
        assertThat(System.nanoTime() - start).isLessThan(ofMillis(400).toNanos());
    }

    @Test
    void neverExceedsItsLimitUnderContention() throws Exception {
        Bulkhead b = Bulkhead.of("inventory", BulkheadConfig.ofMaxConcurrentCalls(5));
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        LongAdder admitted = new LongAdder();
        LongAdder rejected = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    ConcurrencyLimiter.Token token = b.tryAcquire();
                    if (token == null) {
                        rejected.increment();
                        continue;
                    }
                    admitted.increment();
                    maxSeen.accumulateAndGet(active.incrementAndGet(), Math::max);
                    active.decrementAndGet();
                    token.onSuccess(1);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(maxSeen.get()).isLessThanOrEqualTo(5);
        assertThat(admitted.sum() + rejected.sum()).isEqualTo(8 * 20_000); // every call either admitted or rejected, once
        assertThat(b.rejectedCount()).isEqualTo(rejected.sum());
        assertThat(b.inFlight()).isZero();
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
}
