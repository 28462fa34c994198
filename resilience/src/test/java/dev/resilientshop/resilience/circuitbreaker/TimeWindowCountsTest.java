package dev.resilientshop.resilience.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A time window packs one second's counts into one {@code long} (calls 18 bits, failures and
 * slow calls 17 bits each, the epoch above them). A burst beyond a field's capacity must stop
 * at the field's maximum, not carry into the field above it: a carry into the epoch would make
 * the whole second look stale and erase it, in exactly the second a breaker should open.
 */
class TimeWindowCountsTest {

    private static final int CALLS_MAX = (1 << 18) - 1; // 262,143
    private static final int SMALL_MAX = (1 << 17) - 1; // 131,071

    private final ManualClock clock = new ManualClock();

    private TimeWindow window() {
        // a minimum no burst reaches: the rate check stays out of the way, only the counting is tested
        return new TimeWindow(
                CircuitBreakerConfig.builder()
                        .timeBasedWindow(2)
                        .minimumNumberOfCalls(Integer.MAX_VALUE)
                        .clock(clock)
                        .build(),
                clock);
    }

    @Test
    void countsOfOneSecondSaturateInsteadOfCarryingIntoTheFieldAbove() {
        TimeWindow w = window();
        for (int i = 0; i < CALLS_MAX + 1; i++) {
            w.recordAndCheck(Window.FAILURE | Window.SLOW);
        }
        assertThat(w.totals()).containsExactly(CALLS_MAX, SMALL_MAX, SMALL_MAX);
    }

    @Test
    void aSaturatedSecondStillRollsOutOfTheWindowOnTime() {
        TimeWindow w = window();
        for (int i = 0; i < SMALL_MAX + 1; i++) {
            w.recordAndCheck(Window.FAILURE);
        }
        clock.advance(Duration.ofSeconds(1));
        w.recordAndCheck(Window.SUCCESS);
        assertThat(w.totals()).containsExactly(SMALL_MAX + 2, SMALL_MAX, 0);
        clock.advance(Duration.ofSeconds(1)); // the burst's second has left the 2 s window
        assertThat(w.totals()).containsExactly(1, 0, 0);
    }
}
