package dev.resilientshop.resilience.hedge;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void bucketsTileTheRangeWithoutGapOrOverlapAndErrAtMostAnEighth() {
        int buckets = LatencyHistogram.index(Long.MAX_VALUE) + 1; // the last bucket takes everything above the range
        long lower = 0;
        for (int i = 0; i < buckets - 1; i++) {
            long upper = LatencyHistogram.upperBoundMicros(i);
            assertThat(LatencyHistogram.index(lower))
                    .as("lowest value of bucket %s", i)
                    .isEqualTo(i);
            assertThat(LatencyHistogram.index(upper))
                    .as("highest value of bucket %s", i)
                    .isEqualTo(i);
            assertThat(LatencyHistogram.index(upper + 1))
                    .as("one above bucket %s", i)
                    .isEqualTo(i + 1);
            assertThat(upper - lower).as("width of bucket %s", i).isLessThanOrEqualTo(Math.max(0, lower / 8));
            lower = upper + 1;
        }
        assertThat(buckets).isEqualTo(16 + 36 * 8);
        assertThat(LatencyHistogram.upperBoundMicros(15)).isEqualTo(15); // exact below 16 µs
        assertThat(LatencyHistogram.upperBoundMicros(16)).isEqualTo(17);
    }

    @Test
    void aPercentileIsTheUpperBoundOfTheBucketWhereItsRankIsReached() {
        LatencyHistogram h = new LatencyHistogram(ofSeconds(10), clock);
        assertThat(h.percentileNanos(0.5)).isZero(); // no samples
        for (int micros = 1; micros <= 10; micros++) {
            h.record(micros * 1_000L); // exact buckets: 1 µs .. 10 µs
        }
        assertThat(h.percentileNanos(0.5)).isEqualTo(5_000); // rank 5 of 10
        assertThat(h.percentileNanos(0.51)).isEqualTo(6_000); // rank ⌈5.1⌉ = 6
        assertThat(h.percentileNanos(1.0)).isEqualTo(10_000);
        h.record(-5); // a clock that went backwards counts as 0 µs, not as a crash
        assertThat(h.count()).isEqualTo(11);
        assertThat(h.percentileNanos(0.01)).isZero();
    }

    @Test
    void samplesLiveFromOneToTwoWindowsAndAWindowEndsOnItsLastNanosecond() {
        LatencyHistogram h = new LatencyHistogram(ofSeconds(10), clock);
        h.record(1_000);
        clock.advance(ofSeconds(10)); // exactly one window: a new generation starts, the old one is still read
        h.record(2_000);
        assertThat(h.count()).isEqualTo(2);
        clock.advance(ofSeconds(10)); // exactly one more: the first sample's generation is dropped, the second kept
        assertThat(h.count()).isEqualTo(1);
        assertThat(h.percentileNanos(1.0)).isEqualTo(2_000);
        clock.advance(ofSeconds(20)); // two whole windows with nothing recorded: empty
        assertThat(h.count()).isZero();
    }

    @Test
    void samplesExactlyTwoWindowsOldAreGoneEvenWithoutARotationBetween() {
        LatencyHistogram h = new LatencyHistogram(ofSeconds(10), clock);
        h.record(1_000);
        clock.advance(ofSeconds(20).minusNanos(1)); // nothing recorded or read meanwhile: no rotation yet
        assertThat(h.count()).isEqualTo(1); // the sample's window ended within the last window: still read
        LatencyHistogram other = new LatencyHistogram(ofSeconds(10), clock);
        other.record(1_000);
        clock.advance(ofSeconds(20)); // its window ended a whole window ago: dropped
        assertThat(other.count()).isZero();
        assertThat(other.percentileNanos(0.95)).isZero();
    }
}
