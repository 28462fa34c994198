package dev.resilientshop.resilience.outlier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutlierEjectionTest {

    private final ManualClock clock = new ManualClock();
    private final OutlierEjection group = new OutlierEjection(5, Duration.ofSeconds(5), Duration.ofSeconds(60), clock);
    private final OutlierEjection.Host primary = group.host("primary");
    private final OutlierEjection.Host secondary = group.host("secondary");

    /** True when one of these failures ejected the host. */
    private static boolean fail(OutlierEjection.Host host, int times) {
        boolean ejected = false;
        for (int i = 0; i < times; i++) {
            ejected |= host.failed();
        }
        return ejected;
    }

    @Test
    void theFifthFailureInARowEjectsTheHostForTheBaseTime() {
        assertThat(fail(primary, 4)).as("four failures in a row").isFalse();
        assertThat(primary.isEjected()).isFalse();

        assertThat(primary.failed()).as("the fifth").isTrue();
        assertThat(primary.isEjected()).isTrue();
        assertThat(primary.ejectedFor()).isEqualTo(Duration.ofSeconds(5));
        assertThat(primary.ejections()).isEqualTo(1);
        assertThat(secondary.isEjected()).isFalse();

        clock.advance(Duration.ofMillis(4_999));
        assertThat(primary.isEjected()).as("just before the base time is over").isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(primary.isEjected()).as("back after the base time").isFalse();
    }

    @Test
    void aSuccessBetweenFailuresStartsTheCountAgain() {
        fail(primary, 4);
        primary.succeeded();
        assertThat(fail(primary, 4)).isFalse();
        assertThat(primary.isEjected()).isFalse();
        assertThat(primary.failed()).isTrue();
    }

    @Test
    void eachEjectionInARowLastsTwiceAsLongUpToTheCap() {
        var seen = new java.util.ArrayList<Duration>();
        for (int i = 0; i < 6; i++) {
            assertThat(fail(primary, 5)).isTrue();
            seen.add(primary.ejectedFor());
            clock.advance(primary.ejectedFor());
            assertThat(primary.isEjected()).isFalse();
        }
        assertThat(seen).extracting(Duration::toSeconds).containsExactly(5L, 10L, 20L, 40L, 60L, 60L);
    }

    @Test
    void aHostThatStaysInForTheLongestEjectionStartsAgainFromTheBaseTime() {
        fail(primary, 5);
        clock.advance(Duration.ofSeconds(5));
        fail(primary, 5);
        assertThat(primary.ejectedFor()).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));

        clock.advance(Duration.ofMillis(59_999));
        fail(primary, 5);
        assertThat(primary.ejectedFor())
                .as("back in for less than the cap: still doubling")
                .isEqualTo(Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(20));

        clock.advance(Duration.ofSeconds(60));
        fail(primary, 5);
        assertThat(primary.ejectedFor()).as("back in for the cap: forgiven").isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aHostBackFromAnEjectionIsOnProbationAndItsFirstFailureEjectsItAgainForTwiceAsLong() {
        fail(primary, 5);
        clock.advance(Duration.ofSeconds(5));
        assertThat(primary.isEjected()).isFalse();

        assertThat(primary.failed()).as("the first failure after its return").isTrue();
        assertThat(primary.isEjected()).isTrue();
        assertThat(primary.ejectedFor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(primary.ejections()).isEqualTo(2);
    }

    @Test
    void aSuccessAfterItsReturnEndsTheProbation() {
        fail(primary, 5);
        clock.advance(Duration.ofSeconds(5));
        primary.succeeded();
        assertThat(fail(primary, 4))
                .as("off probation: a run of failures again")
                .isFalse();
        assertThat(primary.failed()).isTrue();
        assertThat(primary.ejectedFor()).as("still the next in a row").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aSuccessThatLandsWhileTheHostIsOutDoesNotEndTheProbation() {
        fail(primary, 5);
        primary.succeeded(); // a call that left before the ejection
        clock.advance(Duration.ofSeconds(5));
        assertThat(primary.failed()).as("the first failure after its return").isTrue();
    }

    @Test
    void aHostOnProbationIsNotEjectedWhenItIsTheLastOneIn() {
        fail(primary, 5);
        clock.advance(Duration.ofSeconds(5));
        fail(secondary, 5);
        assertThat(secondary.isEjected()).isTrue();

        assertThat(fail(primary, 3)).as("the primary is the only host left in").isFalse();
        assertThat(primary.isEjected()).isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(primary.failed())
                .as("the secondary is back, and the primary is still on probation")
                .isTrue();
    }

    @Test
    void aResetEndsTheProbation() {
        fail(primary, 5);
        clock.advance(Duration.ofSeconds(5));
        group.reset();
        assertThat(fail(primary, 4)).as("off probation after the reset").isFalse();
        assertThat(primary.failed()).isTrue();
    }

    @Test
    void theLastHostInIsNeverEjected() {
        fail(primary, 5);
        assertThat(primary.isEjected()).isTrue();

        assertThat(fail(secondary, 20))
                .as("the secondary is the only host left in")
                .isFalse();
        assertThat(secondary.isEjected()).isFalse();

        clock.advance(Duration.ofSeconds(5));
        assertThat(primary.isEjected()).isFalse();
        assertThat(secondary.failed())
                .as("the primary is back, so the failing secondary may go now")
                .isTrue();
        assertThat(secondary.isEjected()).isTrue();
    }

    @Test
    void aLoneHostIsNeverEjected() {
        var alone = new OutlierEjection(5, Duration.ofSeconds(5), Duration.ofSeconds(60), clock).host("only");
        assertThat(fail(alone, 50)).isFalse();
        assertThat(alone.isEjected()).isFalse();
        assertThat(alone.ejections()).isZero();
    }

    @Test
    void failuresOfCallsStillInFlightWhenTheHostWasEjectedDoNotLengthenTheEjection() {
        fail(primary, 5);
        assertThat(fail(primary, 10)).isFalse();
        assertThat(primary.ejectedFor()).isEqualTo(Duration.ofSeconds(5));
        assertThat(primary.ejections()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(primary.isEjected()).isFalse();
        assertThat(primary.ejections()).isEqualTo(1);
    }

    @Test
    void aResetBringsEveryHostBackAndForgetsRunsAndDoubling() {
        fail(primary, 5);
        clock.advance(Duration.ofSeconds(5));
        fail(primary, 5);
        fail(secondary, 4);
        assertThat(primary.ejectedFor()).isEqualTo(Duration.ofSeconds(10));

        group.reset();

        assertThat(primary.isEjected()).isFalse();
        assertThat(primary.ejections())
                .as("a count of what happened, not reset")
                .isEqualTo(2);
        assertThat(secondary.failed())
                .as("the secondary's run of four is forgotten")
                .isFalse();
        fail(primary, 5);
        assertThat(primary.ejectedFor()).as("the doubling is forgotten").isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aNeverEjectedHostWasEjectedForNothing() {
        assertThat(primary.ejectedFor()).isEqualTo(Duration.ZERO);
        assertThat(primary.name()).isEqualTo("primary");
        assertThat(primary).hasToString("primary");
        fail(primary, 5);
        assertThat(primary).hasToString("primary (ejected)");
    }

    /** System.nanoTime's origin is arbitrary: on some machines it is negative for days. */
    @Test
    void aHostIsNotEjectedBeforeItsFirstEjectionWhateverTheClocksOrigin() {
        var before = Clock.system();
        Clock negative = new Clock() {
            @Override
            public long nanoTime() {
                return -1_000_000_000_000L;
            }

            @Override
            public Instant now() {
                return before.now();
            }
        };
        var host = new OutlierEjection(5, Duration.ofSeconds(5), Duration.ofSeconds(60), negative).host("only");
        assertThat(host.isEjected()).isFalse();
    }

    @Test
    void settingsAreCheckedWhenTheGroupIsMade() {
        assertThatThrownBy(() -> new OutlierEjection(0, Duration.ofSeconds(5), Duration.ofSeconds(60), clock))
                .hasMessageContaining("consecutiveFailures must be >= 1");
        assertThatThrownBy(() -> new OutlierEjection(5, Duration.ZERO, Duration.ofSeconds(60), clock))
                .hasMessageContaining("baseEjection must be > 0");
        assertThatThrownBy(() -> new OutlierEjection(5, Duration.ofSeconds(5), Duration.ofSeconds(4), clock))
                .hasMessageContaining("maxEjection must be >= baseEjection");
    }
}
