package dev.resilientshop.resilience.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Config validation: each bound is inclusive or exclusive as documented, and the message names the setting, the bound and the value. */
class ValidateTest {

    @Test
    void atLeastAcceptsTheMinimumAndRefusesOneBelow() {
        assertThat(Validate.atLeast("maxAttempts", 1, 1)).isEqualTo(1);
        assertThatThrownBy(() -> Validate.atLeast("maxAttempts", 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be >= 1, but was 0");
    }

    @Test
    void aHalfOpenRangeRefusesItsLowerEndAndAcceptsItsUpperEnd() {
        assertThat(Validate.inHalfOpenRange("ratio", 1.0, 0, 1)).isEqualTo(1.0);
        assertThat(Validate.inHalfOpenRange("ratio", 0.001, 0, 1)).isEqualTo(0.001);
        assertThatThrownBy(() -> Validate.inHalfOpenRange("ratio", 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ratio must be in (0, 1], but was 0");
        assertThatThrownBy(() -> Validate.inHalfOpenRange("ratio", 1.5, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ratio must be in (0, 1], but was 1.5");
        assertThatThrownBy(() -> Validate.inHalfOpenRange("multiplier", 11, 0.999, 10))
                .hasMessage("multiplier must be in (0.999, 10], but was 11");
        assertThatThrownBy(() -> Validate.inHalfOpenRange("ratio", Double.NaN, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsArePositiveNotNegativeOrAtMostAsAsked() {
        assertThat(Validate.positive("timeout", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
        assertThatThrownBy(() -> Validate.positive("timeout", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be > 0, but was PT0S");
        assertThatThrownBy(() -> Validate.positive("timeout", Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be > 0, but was PT-0.001S");
        assertThatThrownBy(() -> Validate.positive("timeout", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("timeout");

        assertThat(Validate.notNegative("reserve", Duration.ZERO)).isZero();
        assertThatThrownBy(() -> Validate.notNegative("reserve", Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reserve must be >= 0, but was PT-0.000000001S");
        assertThatThrownBy(() -> Validate.notNegative("reserve", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("reserve");

        assertThat(Validate.atMost("maxWait", Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> Validate.atMost("maxWait", Duration.ofMillis(1_001), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWait must be <= PT1S, but was PT1.001S");
    }
}
