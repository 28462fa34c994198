package dev.resilientshop.resilience.core;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The clock, schedulers, event publisher and randomness every pattern is built on. */
class CoreToolsTest {

    @Test
    void aManualClockMovesOnlyForwardAndKeepsWallAndMonotonicTimeTogether() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
        clock.advance(ofSeconds(2));
        assertThat(clock.nanoTime()).isEqualTo(2_000_000_000L);
        assertThat(clock.now()).isEqualTo(Instant.parse("2026-03-01T12:00:02Z"));
        clock.advanceTo(1_000_000_000L); // in the past: ignored
        assertThat(clock.nanoTime()).isEqualTo(2_000_000_000L);
        clock.advanceTo(3_000_000_000L);
        assertThat(clock.nanoTime()).isEqualTo(3_000_000_000L);
        assertThatThrownBy(() -> clock.advance(ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock).hasToString("ManualClock[PT3S]");
        assertThat(new ManualClock().now()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void aManualSchedulerReportsItsNextDueTaskAndRunsZeroDelayTasksWithoutMovingTime() {
        ManualClock clock = new ManualClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        assertThat(scheduler.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
        List<String> ran = new ArrayList<>();
        scheduler.schedule(ofMillis(50), () -> ran.add("later")).cancel();
        scheduler.schedule(ofMillis(70), () -> ran.add("timer"));
        scheduler.schedule(ofMillis(-5), () -> ran.add("now")); // a negative delay is "now"
        assertThat(scheduler.pendingTasks()).isEqualTo(2);
        assertThat(scheduler.nextDueNanos()).isZero();
        scheduler.runDueTasks();
        assertThat(ran).containsExactly("now");
        assertThat(clock.nanoTime()).isZero();
        assertThat(scheduler.nextDueNanos()).isEqualTo(ofMillis(70).toNanos()); // the cancelled 50 ms task is not next
        scheduler.sleep(ofMillis(70));
        assertThat(ran).containsExactly("now", "timer");
        assertThat(scheduler.clock()).isSameAs(clock);
        scheduler.schedule(ofMillis(5), () -> ran.add("first of two"));
        scheduler.schedule(ofMillis(5), () -> ran.add("second of two"));
        scheduler.advance(ofMillis(5));
        assertThat(ran).endsWith("first of two", "second of two"); // due at the same time: in the order scheduled
        List<String> inline = new ArrayList<>();
        scheduler.executor().execute(() -> inline.add(Thread.currentThread().getName()));
        assertThat(inline).containsExactly(Thread.currentThread().getName()); // deterministic: on the calling thread
    }

    @Test
    void theProductionSchedulerRunsTimersOnItsExecutorAndACancelledTimerLeavesTheQueue() throws Exception {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        timers.setRemoveOnCancelPolicy(true);
        Executor work = Runnable::run;
        try {
            Scheduler scheduler = Scheduler.of(timers, work);
            CountDownLatch fired = new CountDownLatch(1);
            scheduler.schedule(ofMillis(-1), fired::countDown); // negative: at once
            assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
            scheduler.schedule(ofSeconds(3_600), () -> {}).cancel();
            assertThat(timers.getQueue()).isEmpty();
            assertThat(scheduler.executor()).isSameAs(work);
            assertThat(scheduler.clock()).isSameAs(Clock.system());
            Instant before = Instant.now();
            Instant now = Clock.system().now();
            assertThat(now).isBetween(before, Instant.now());
            assertThat(Clock.system()).hasToString("SystemClock");
            assertThat(Scheduler.of(timers).executor()).isSameAs(Scheduler.DEFAULT_WORK);
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void aThrowingListenerIsSkippedAndTheOthersStillHearTheEvent() {
        EventPublisher<String> events = new EventPublisher<>();
        assertThat(events.hasListeners()).isFalse();
        List<String> heard = new ArrayList<>();
        events.subscribe(e -> {
            throw new IllegalStateException("broken dashboard");
        });
        events.subscribe(heard::add);
        assertThat(events.hasListeners()).isTrue();
        events.publish("opened");
        assertThat(heard).containsExactly("opened");
    }

    @Test
    void aThrowingListenerIsLoggedAsAWarningWithTheEventAndItsException() {
        EventPublisher<String> events = new EventPublisher<>();
        IllegalStateException broken = new IllegalStateException("broken dashboard");
        events.subscribe(e -> {
            throw broken;
        });
        try (LogCapture log = LogCapture.of(EventPublisher.class)) {
            events.publish("opened");
            assertThat(log.records()).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                assertThat(r.getMessage()).isEqualTo("event listener failed on opened");
                assertThat(r.getThrown()).isSameAs(broken);
            });
        }
    }

    @Test
    void theSystemClockReadsTheJvmsMonotonicClockAndASchedulerWorksOnTheCommonPoolByDefault() {
        long before = System.nanoTime();
        long read = Clock.system().nanoTime();
        long after = System.nanoTime();
        assertThat(read).isBetween(before, after);
        Scheduler minimal = new Scheduler() {
            @Override
            public Cancellable schedule(java.time.Duration delay, Runnable task) {
                return () -> {};
            }

            @Override
            public void sleep(java.time.Duration delay) {}

            @Override
            public Clock clock() {
                return Clock.system();
            }
        };
        assertThat(minimal.executor()).isSameAs(Scheduler.DEFAULT_WORK).isNotNull();
    }

    @Test
    void aSeededSourceRepeatsItsSequenceAndAnEmptyRangeGivesItsOrigin() {
        RandomSource a = RandomSource.seeded(42);
        RandomSource b = RandomSource.seeded(42);
        for (int i = 0; i < 5; i++) {
            double x = a.between(10, 20);
            assertThat(x).isEqualTo(b.between(10, 20)).isBetween(10.0, 20.0);
        }
        RandomSource fixed = () -> 0.5;
        assertThat(fixed.between(10, 20)).isEqualTo(15.0);
        assertThat(fixed.between(10, 10)).isEqualTo(10.0);
        assertThat(fixed.between(10, 5)).isEqualTo(10.0);
        double threadLocal = RandomSource.threadLocal().nextDouble();
        assertThat(threadLocal).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    }
}
