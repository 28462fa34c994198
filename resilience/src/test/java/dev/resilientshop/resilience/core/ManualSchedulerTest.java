package dev.resilientshop.resilience.core;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    @Test
    void runsTasksInDueOrderWithTheClockAtEachTasksTime() {
        ManualClock clock = new ManualClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        List<String> log = new ArrayList<>();
        scheduler.schedule(ofMillis(30), () -> log.add("b@" + clock.nanoTime() / 1_000_000));
        scheduler.schedule(ofMillis(10), () -> {
            log.add("a@" + clock.nanoTime() / 1_000_000);
            scheduler.schedule(ofMillis(5), () -> log.add("a2@" + clock.nanoTime() / 1_000_000));
        });
        scheduler.schedule(ofMillis(20), () -> log.add("never")).cancel();
        scheduler.advance(ofMillis(100));
        assertThat(log).containsExactly("a@10", "a2@15", "b@30");
        assertThat(clock.nanoTime()).isEqualTo(ofMillis(100).toNanos());
    }
}
