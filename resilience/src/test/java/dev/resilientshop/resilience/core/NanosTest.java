package dev.resilientshop.resilience.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Deadlines and timers add durations to clock readings: at the ends of {@code long} they stop, never wrap. */
class NanosTest {

    @Test
    void durationsThatFitAreExactAndThoseThatDoNotSaturateOnTheirOwnSide() {
        assertThat(Nanos.of(Duration.ofMillis(1))).isEqualTo(1_000_000L);
        assertThat(Nanos.of(Duration.ofMillis(-1))).isEqualTo(-1_000_000L);
        assertThat(Nanos.of(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(Nanos.of(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void additionStopsAtTheEndItWouldHaveCrossed() {
        assertThat(Nanos.add(40, 2)).isEqualTo(42);
        assertThat(Nanos.add(40, -50)).isEqualTo(-10);
        assertThat(Nanos.add(Long.MAX_VALUE - 1, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(Nanos.add(Long.MAX_VALUE - 1, 5)).isEqualTo(Long.MAX_VALUE);
        assertThat(Nanos.add(Long.MIN_VALUE + 1, -1)).isEqualTo(Long.MIN_VALUE);
        assertThat(Nanos.add(Long.MIN_VALUE + 1, -5)).isEqualTo(Long.MIN_VALUE);
        assertThat(Nanos.add(Long.MAX_VALUE, Long.MIN_VALUE)).isEqualTo(-1); // opposite signs never overflow
    }

    @Test
    void subtractionStopsAtTheEndItWouldHaveCrossed() {
        assertThat(Nanos.subtract(40, 2)).isEqualTo(38);
        assertThat(Nanos.subtract(-10, -50)).isEqualTo(40);
        assertThat(Nanos.subtract(Long.MAX_VALUE - 1, -5)).isEqualTo(Long.MAX_VALUE);
        assertThat(Nanos.subtract(Long.MIN_VALUE + 1, 5)).isEqualTo(Long.MIN_VALUE);
        assertThat(Nanos.subtract(Long.MIN_VALUE, Long.MIN_VALUE)).isZero(); // same signs never overflow
        assertThat(Nanos.subtract(-1, Long.MAX_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(Nanos.subtract(0, Long.MIN_VALUE)).isEqualTo(Long.MAX_VALUE); // 0 − (−2^63) is one past the top
    }
}
