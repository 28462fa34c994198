package dev.resilientshop.resilience.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RttFloor} changes one thing about the limit it wraps: round trips shorter than the floor
 * reach it as the floor. Everything else (the limit it reports, what a sample makes of it, a reset)
 * is the wrapped limit's, or the adaptive limiter would act on a number the rule never chose.
 */
class RttFloorTest {

    /** A limit that records what it was fed and answers what it is told to. */
    static final class Recording implements Limit {
        final List<Long> rtts = new ArrayList<>();
        int limit = 40;
        int resets;

        @Override
        public int limit() {
            return limit;
        }

        @Override
        public int onSample(long rttNanos, int inFlight, boolean dropped) {
            rtts.add(rttNanos);
            limit += dropped ? -10 : 1;
            return limit;
        }

        @Override
        public void reset() {
            resets++;
            limit = 40;
        }
    }

    private final Recording inner = new Recording();
    private final RttFloor floored = new RttFloor(inner, Duration.ofMillis(50));

    @Test
    void roundTripsUnderTheFloorReachTheRuleAsTheFloorAndLongerOnesUnchanged() {
        floored.onSample(Duration.ofMillis(2).toNanos(), 10, false);
        floored.onSample(Duration.ofMillis(80).toNanos(), 10, false);

        assertThat(inner.rtts)
                .containsExactly(
                        Duration.ofMillis(50).toNanos(), Duration.ofMillis(80).toNanos());
    }

    @Test
    void theLimitASampleLeavesAndTheLimitReportedAreTheWrappedRulesOwn() {
        assertThat(floored.limit()).isEqualTo(40);
        assertThat(floored.onSample(1_000, 5, false)).isEqualTo(41);
        assertThat(floored.onSample(1_000, 5, true)).isEqualTo(31);
        assertThat(floored.limit()).isEqualTo(31);
    }

    @Test
    void aResetResetsTheWrappedRule() {
        floored.onSample(1_000, 5, true);

        floored.reset();

        assertThat(inner.resets).isEqualTo(1);
        assertThat(floored.limit()).isEqualTo(40);
    }
}
