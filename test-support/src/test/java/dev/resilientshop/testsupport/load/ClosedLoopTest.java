package dev.resilientshop.testsupport.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The closed model: concurrency bounded by the clients, counts exact, think time on a clock the test controls. */
class ClosedLoopTest {

    private final ManualLoadClock clock = new ManualLoadClock();

    @Test
    void neverMoreRequestsInFlightThanClients() throws Exception {
        var current = new AtomicInteger();
        var most = new AtomicInteger();
        // Each round holds three calls in flight at once: the barrier opens only when all three are in.
        var round = new CyclicBarrier(3);
        var loop = new ClosedLoop(
                ClosedLoop.Plan.counted(3, 30),
                (client, i) -> {
                    most.accumulateAndGet(current.incrementAndGet(), Math::max);
                    round.await(10, TimeUnit.SECONDS);
                    current.decrementAndGet();
                    return Reply.of(200);
                },
                clock);

        var stats = loop.run(Duration.ofSeconds(30));

        assertThat(most.get()).isEqualTo(3);
        assertThat(stats.sentCount()).isEqualTo(30);
        assertThat(stats.statusCount(200)).isEqualTo(30);
        assertThat(loop.inFlight()).isZero();
    }

    @Test
    void aClientWaitsForItsAnswerBeforeItsNextRequest() throws Exception {
        var started = new CountDownLatch(2);
        var answer = new CountDownLatch(1);
        var calls = new AtomicInteger();
        var loop = new ClosedLoop(
                ClosedLoop.Plan.counted(2, 10),
                (client, i) -> {
                    calls.incrementAndGet();
                    started.countDown();
                    answer.await();
                    return Reply.of(200);
                },
                clock);
        var run = new Thread(() -> {
            try {
                loop.run(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        run.start();

        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        // Both clients wait for an answer that has not come: however long the shop takes, no third request.
        assertThat(loop.inFlight()).isEqualTo(2);
        assertThat(calls.get()).isEqualTo(2);
        answer.countDown();
        run.join(10_000);

        assertThat(calls.get()).isEqualTo(10);
        assertThat(loop.stats().answeredCount()).isEqualTo(10);
    }

    @Test
    void aCountedRunSendsExactlyThatManyEachIndexOnce() throws Exception {
        var indices = Collections.synchronizedList(new ArrayList<Long>());
        var loop = new ClosedLoop(
                ClosedLoop.Plan.counted(4, 37),
                (client, i) -> {
                    indices.add(i);
                    return Reply.of(i % 2 == 0 ? 201 : 409);
                },
                clock);

        var stats = loop.run(Duration.ofSeconds(30));

        assertThat(indices).hasSize(37);
        assertThat(indices)
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.LongStream.range(0, 37).boxed().toList());
        assertThat(stats.sentCount()).isEqualTo(37);
        assertThat(stats.statusCount(201)).isEqualTo(19);
        assertThat(stats.statusCount(409)).isEqualTo(18);
    }

    @Test
    void thinkTimeFollowsEachAnswerSoASlowShopMeansFewerRequests() throws Exception {
        long start = clock.nanoTime();
        var sentAt = new ArrayList<Long>();
        var indices = new ArrayList<Long>();
        var instant = new ClosedLoop(
                ClosedLoop.Plan.timed(1, Duration.ofSeconds(1), Duration.ofMillis(300)),
                (client, i) -> {
                    sentAt.add(clock.nanoTime() - start);
                    indices.add(i);
                    return Reply.of(200);
                },
                clock);

        instant.run(Duration.ZERO);

        assertThat(sentAt).containsExactly(0L, 300_000_000L, 600_000_000L, 900_000_000L);
        assertThat(indices).containsExactly(0L, 1L, 2L, 3L);

        // Each answer takes 100 ms: the next request leaves 300 ms after the answer, not after the send.
        long again = clock.nanoTime();
        var slowSentAt = new ArrayList<Long>();
        var slow = new ClosedLoop(
                ClosedLoop.Plan.timed(1, Duration.ofSeconds(1), Duration.ofMillis(300)),
                (client, i) -> {
                    slowSentAt.add(clock.nanoTime() - again);
                    clock.advance(100_000_000L);
                    return Reply.of(200);
                },
                clock);

        var stats = slow.run(Duration.ZERO);

        assertThat(slowSentAt).containsExactly(0L, 400_000_000L, 800_000_000L);
        List<LoadStats.Sample> samples = stats.samples();
        assertThat(samples).extracting(s -> s.dueNanos() - again).containsExactly(0L, 400_000_000L, 800_000_000L);
        assertThat(samples).allSatisfy(s -> assertThat(s.latencyNanos()).isEqualTo(100_000_000L));
    }

    @Test
    void failuresAreNoAnswerAndFallbacksAreCountedHoweverLate() throws Exception {
        var loop = new ClosedLoop(
                ClosedLoop.Plan.counted(1, 4),
                (client, i) -> switch ((int) i) {
                    case 0 -> throw new java.io.IOException("connection refused");
                    case 1 -> new Reply(200, true, false);
                    case 2 -> {
                        clock.advance(2_000_000_000L); // 2 s: past the page budget, still a fallback shown
                        yield new Reply(200, true, false);
                    }
                    default -> Reply.of(503);
                },
                clock);

        var stats = loop.run(Duration.ofSeconds(30));

        assertThat(stats.statusCount(0)).isEqualTo(1);
        assertThat(stats.failedCount()).isEqualTo(2);
        assertThat(stats.degradedCount()).isEqualTo(2);
        assertThat(stats.count(LoadStats.Outcome.DEGRADED)).isEqualTo(1);
        assertThat(stats.line()).startsWith("4 requests, p50 ").endsWith(", 5xx 2");
    }

    @Test
    void aRunThatOutlastsItsDrainIsCutAndTheWaitingRequestsCountAsNoAnswer() throws Exception {
        var loop = new ClosedLoop(
                ClosedLoop.Plan.counted(2, 100),
                (client, i) -> {
                    new CountDownLatch(1).await(); // a shop that never answers; interrupted when the drain ends
                    return Reply.of(200);
                },
                clock);

        var stats = loop.run(Duration.ofMillis(50));

        assertThat(stats.sentCount()).isEqualTo(2);
        assertThat(stats.statusCount(0)).isEqualTo(2);
        assertThat(loop.inFlight()).isZero();
    }

    @Test
    void sinceKeepsTheSamplesSentFromThenOn() throws Exception {
        long start = clock.nanoTime();
        var loop = new ClosedLoop(
                ClosedLoop.Plan.timed(1, Duration.ofSeconds(1), Duration.ofMillis(250)),
                (client, i) -> new Reply(200, i >= 2, false),
                clock);

        var stats = loop.run(Duration.ZERO);
        var late = stats.since(start + 500_000_000L);

        assertThat(stats.answeredCount()).isEqualTo(4);
        assertThat(late.answeredCount()).isEqualTo(2);
        assertThat(late.degradedCount()).isEqualTo(2);
        assertThat(LoadStats.of(stats.samples()).statuses(null)).isEqualTo(stats.statuses(null));
    }

    @Test
    void planRefusesAmbiguousOrUnboundedRuns() {
        assertThatThrownBy(() -> new ClosedLoop.Plan(2, Duration.ofSeconds(1), 10, Duration.ZERO))
                .hasMessageContaining("either");
        assertThatThrownBy(() -> new ClosedLoop.Plan(2, Duration.ZERO, 0, Duration.ZERO))
                .hasMessageContaining("either");
        assertThatThrownBy(() -> ClosedLoop.Plan.counted(0, 10)).hasMessageContaining("clients");
        assertThatThrownBy(() -> ClosedLoop.Plan.timed(1, Duration.ofHours(2), Duration.ZERO))
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> ClosedLoop.Plan.timed(1, Duration.ofSeconds(1), Duration.ofMillis(-1)))
                .hasMessageContaining("think");
    }
}
