package dev.resilientshop.kit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared timers of a service: they only fire timers, and forget cancelled ones at once. */
class ResilienceBeansTest {

    @Test
    void cancelledTimeoutsLeaveTheTimerQueueAtOnce() {
        ResilienceBeans beans = new ResilienceBeans();
        Scheduler scheduler = beans.scheduler();
        try {
            // every call schedules its timeout; most calls answer in time and cancel it
            List<Scheduler.Cancellable> timeouts = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                timeouts.add(scheduler.schedule(Duration.ofMinutes(10), () -> {}));
            }
            timeouts.forEach(Scheduler.Cancellable::cancel);
            // without removeOnCancel, 1000 dead tasks stay queued for 10 minutes (and under load, millions)
            assertThat(((ScheduledThreadPoolExecutor) beans.timers()).getQueue())
                    .isEmpty();
        } finally {
            beans.close(scheduler);
        }
    }

    @Test
    void blockingWorkRunsOffTheTimerThreads() throws Exception {
        ResilienceBeans beans = new ResilienceBeans();
        Scheduler scheduler = beans.scheduler();
        CountDownLatch release = new CountDownLatch(1);
        try {
            // two blocking fallbacks: as many as there are timer threads
            for (int i = 0; i < 2; i++) {
                scheduler.executor().execute(() -> awaitQuietly(release));
            }
            CountDownLatch fired = new CountDownLatch(1);
            scheduler.schedule(Duration.ofMillis(10), fired::countDown);
            // the timer still fires while both fallbacks block; 10 s is the test's give-up bound only
            assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            beans.close(scheduler);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
