package dev.resilientshop.testsupport.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The open-model schedule on a clock the test controls: nothing here sleeps. */
class LoadGeneratorTest {

    private final ManualLoadClock clock = new ManualLoadClock();

    @Test
    void sendsEveryRequestAtItsDueTimeWhenAnswersAreInstant() throws Exception {
        var sentAt = new ArrayList<Long>();
        long start = clock.nanoTime();
        var generator = new LoadGenerator(
                LoadGenerator.Plan.of(10, Duration.ofSeconds(2), Mix.only("page")),
                (kind, i) -> {
                    sentAt.add(clock.nanoTime() - start);
                    return CompletableFuture.completedFuture(200);
                },
                clock);

        var stats = generator.run(Duration.ZERO);

        assertThat(sentAt).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(sentAt.get(i)).isEqualTo(i * 100_000_000L);
        }
        assertThat(stats.sentCount()).isEqualTo(20);
        assertThat(stats.answeredCount()).isEqualTo(20);
        assertThat(stats.lateCount()).isZero();
        assertThat(stats.statuses(null)).containsEntry(200, 20L);
    }

    @Test
    void aShopThatStopsAnsweringDoesNotSlowTheSchedule() throws Exception {
        var pending = new ArrayList<CompletableFuture<Integer>>();
        var sentAt = new ArrayList<Long>();
        long start = clock.nanoTime();
        var generator = new LoadGenerator(
                LoadGenerator.Plan.of(50, Duration.ofSeconds(1), Mix.only("page")),
                (kind, i) -> {
                    sentAt.add(clock.nanoTime() - start);
                    var never = new CompletableFuture<Integer>();
                    pending.add(never);
                    return never;
                },
                clock);

        var stats = generator.run(Duration.ZERO);

        // A closed model would have sent one request and waited; the open model sends all 50 on time.
        assertThat(sentAt).hasSize(50);
        assertThat(sentAt.get(49)).isEqualTo(49 * 20_000_000L);
        assertThat(stats.answeredCount()).isZero();
        assertThat(generator.inFlight()).isEqualTo(50);
    }

    @Test
    void requestsBeyondTheInFlightBoundAreCountedAsNotSent() throws Exception {
        var generator = new LoadGenerator(
                LoadGenerator.Plan.of(100, Duration.ofSeconds(1), Mix.only("page"))
                        .maxInFlight(30),
                (kind, i) -> new CompletableFuture<>(),
                clock);

        var stats = generator.run(Duration.ZERO);

        assertThat(stats.sentCount()).isEqualTo(30);
        assertThat(stats.droppedCount()).isEqualTo(70);
    }

    @Test
    void latencyCountsFromTheDueTimeAndASlowSendIsLateNotShifted() throws Exception {
        var sentAt = new ArrayList<Long>();
        long start = clock.nanoTime();
        // The sender itself takes 150 ms (a machine that cannot keep up): every later request leaves
        // late, but the due times stay on the 100 ms grid and the latency includes the lateness.
        var generator = new LoadGenerator(
                LoadGenerator.Plan.of(10, Duration.ofSeconds(1), Mix.only("page")),
                (kind, i) -> {
                    sentAt.add(clock.nanoTime() - start);
                    clock.advance(150_000_000L);
                    return CompletableFuture.completedFuture(200);
                },
                clock);

        var stats = generator.run(Duration.ZERO);

        assertThat(sentAt).hasSize(10);
        assertThat(sentAt.get(1)).isEqualTo(150_000_000L); // due at 100 ms, left at 150 ms
        assertThat(sentAt.get(9)).isEqualTo(9 * 150_000_000L); // due at 900 ms, left at 1.35 s
        assertThat(stats.lateCount()).isEqualTo(9);
        var samples = stats.samples();
        assertThat(samples.get(9).dueNanos() - start).isEqualTo(900_000_000L);
        assertThat(samples.get(9).latencyNanos()).isEqualTo(10 * 150_000_000L - 900_000_000L);
    }

    @Test
    void aWakeUpWithinTheToleranceIsNotLate() throws Exception {
        clock.oversleepNanos = 5_000_000L; // 5 ms, below the 10 ms tolerance
        var generator = new LoadGenerator(
                LoadGenerator.Plan.of(10, Duration.ofSeconds(1), Mix.only("page")),
                (kind, i) -> CompletableFuture.completedFuture(200),
                clock);

        assertThat(generator.run(Duration.ZERO).lateCount()).isZero();

        clock.oversleepNanos = 20_000_000L;
        var again = new LoadGenerator(
                LoadGenerator.Plan.of(10, Duration.ofSeconds(1), Mix.only("page")),
                (kind, i) -> CompletableFuture.completedFuture(200),
                clock);
        assertThat(again.run(Duration.ZERO).lateCount()).isEqualTo(9); // the first is due "now"
    }

    @Test
    void failuresAndExceptionsAreStatusZeroAndKindsFollowTheMix() throws Exception {
        var kinds = new ArrayList<String>();
        var generator = new LoadGenerator(
                LoadGenerator.Plan.of(100, Duration.ofSeconds(1), Mix.parse("browse=3,product=1")),
                (kind, i) -> {
                    kinds.add(kind);
                    if (i % 10 == 0) {
                        throw new IllegalStateException("connection refused");
                    }
                    return i % 10 == 1
                            ? CompletableFuture.failedFuture(new java.io.IOException("reset"))
                            : CompletableFuture.completedFuture(503);
                },
                clock);

        var stats = generator.run(Duration.ZERO);

        assertThat(kinds.stream().filter("browse"::equals).count()).isEqualTo(75);
        assertThat(stats.statuses(null)).containsEntry(0, 20L).containsEntry(503, 80L);
        var summary = stats.summary(1.0);
        assertThat(summary.kinds()).containsOnlyKeys("browse", "product");
        assertThat(summary.all().count()).isEqualTo(100);
        assertThat(summary.table()).contains("browse").contains("none=20");
    }

    @Test
    void percentilesComeFromTheRecordedLatencies() throws Exception {
        record Pending(long sentAt, long delayNanos, CompletableFuture<Integer> answer) {}
        var pending = new ArrayList<Pending>();
        var generator = new LoadGenerator(
                LoadGenerator.Plan.of(100, Duration.ofSeconds(1), Mix.only("page")),
                (kind, i) -> {
                    var answer = new CompletableFuture<Integer>();
                    pending.add(new Pending(clock.nanoTime(), (i == 42 ? 1_000 : 10) * 1_000_000L, answer));
                    return answer;
                },
                clock);

        var stats = generator.run(Duration.ZERO);
        for (var p : pending) { // each answered its delay after it was sent
            clock.set(p.sentAt() + p.delayNanos());
            p.answer().complete(200);
        }

        assertThat(stats.percentileMillis(null, 50)).isBetween(9.9, 10.1);
        assertThat(stats.percentileMillis(null, 99)).isBetween(9.9, 10.1);
        assertThat(stats.percentileMillis(null, 100)).isBetween(999.0, 1001.0);
        assertThat(stats.percentileMillis("page", 100)).isBetween(999.0, 1001.0);
    }

    @Test
    void planRefusesRatesAndDurationsOutsideItsBounds() {
        assertThatThrownBy(() -> LoadGenerator.Plan.of(0, Duration.ofSeconds(1), Mix.only("page")))
                .hasMessageContaining("rps");
        assertThatThrownBy(() -> LoadGenerator.Plan.of(10, Duration.ofHours(2), Mix.only("page")))
                .hasMessageContaining("duration");
        assertThat(LoadGenerator.Plan.of(2.5, Duration.ofSeconds(2), Mix.only("page"))
                        .arrivals())
                .isEqualTo(5);
        assertThat(LoadGenerator.Plan.of(3, Duration.ofMillis(1_001), Mix.only("page"))
                        .arrivals())
                .isEqualTo(4);
    }
}
