package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void seedTimesParseAndFormat() {
        assertThat(Timeline.seconds("+12:30")).isEqualTo(750);
        assertThat(Timeline.seconds("-02:00")).isEqualTo(-120);
        assertThat(Timeline.seconds("00:45")).isEqualTo(45);
        assertThat(Timeline.format(750)).isEqualTo("T+12:30");
        assertThat(Timeline.format(-90)).isEqualTo("T-01:30");
        assertThatThrownBy(() -> Timeline.seconds("12 minutes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seed002AtTenTimesIsThreeMinutesWithTheFixAt72SecondsAfterT0() throws Exception {
        var scenario = Scenario.load("seed-002-timeline");
        var timeline = new Timeline(scenario, 10);
        assertThat(timeline.durationMillis()).isEqualTo(180_000);
        long t0 = timeline.wallMillis(0);
        assertThat(t0).isEqualTo(12_000);
        assertThat(timeline.wallMillis(Timeline.seconds("+12:00")) - t0).isEqualTo(72_000);
        assertThat(timeline.wallMillis(Timeline.seconds("+02:30")) - t0).isEqualTo(15_000);
        assertThat(timeline.seedSeconds(t0 + 72_000)).isEqualTo(720.0);
    }

    @Test
    void thePhaseAtAMomentIsTheLastOneThatHasStarted() throws Exception {
        var timeline = new Timeline(Scenario.load("seed-002-timeline"), 20);
        var phases = timeline.scenario().phases();
        assertThat(phases.get(timeline.phaseIndexAt(0)).name()).isEqualTo("healthy");
        assertThat(phases.get(timeline.phaseIndexAt(5_999)).name()).isEqualTo("healthy");
        assertThat(phases.get(timeline.phaseIndexAt(6_000)).name()).isEqualTo("degradation");
        assertThat(phases.get(timeline.phaseIndexAt(6_000 + 36_000)).name()).isEqualTo("operator fix");
        assertThat(phases.get(timeline.phaseIndexAt(timeline.durationMillis())).name())
                .isEqualTo("recovered");
    }

    @Test
    void speedMustBePositive() throws Exception {
        var scenario = Scenario.load("seed-000-recs-down");
        assertThatThrownBy(() -> new Timeline(scenario, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
