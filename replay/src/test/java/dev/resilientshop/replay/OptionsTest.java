package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsAreTenTimesBothModesAndAlertsWhenPrometheusIsThere() {
        var o = Replay.Options.parse("seed-002-timeline");
        assertThat(o.speed()).isEqualTo(10);
        assertThat(o.modes()).containsExactly("resilient", "naive");
        assertThat(o.prometheus()).isEqualTo("auto");
        assertThat(o.rps()).isNull();
        assertThat(o.settle()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void optionsOverrideTheDefaults() {
        var o = Replay.Options.parse(
                "seed-000-recs-down",
                "--speed",
                "20",
                "--mode",
                "naive",
                "--rps",
                "12",
                "--prometheus",
                "off",
                "--warm-up",
                "0");
        assertThat(o.speed()).isEqualTo(20);
        assertThat(o.modes()).isEqualTo(List.of("naive"));
        assertThat(o.rps()).isEqualTo(12);
        assertThat(o.prometheus()).isEqualTo("off");
        assertThat(o.warmUp()).isZero();
    }

    @Test
    void badArgumentsAreRefusedWithTheUsage() {
        assertThatThrownBy(() -> Replay.Options.parse()).hasMessageContaining("usage: ./shop replay");
        assertThatThrownBy(() -> Replay.Options.parse("x", "--mode", "both-ways"))
                .hasMessageContaining("--mode");
        assertThatThrownBy(() -> Replay.Options.parse("x", "--prometheus", "localhost:9090"))
                .hasMessageContaining("auto or off");
        assertThatThrownBy(() -> Replay.Options.parse("x", "--speed")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Replay.Options.parse("x", "y")).hasMessageContaining("unknown argument y");
    }

    @Test
    void numbersAreCheckedAndSaySoPlainly() {
        assertThatThrownBy(() -> Replay.Options.parse("x", "--speed", "fast"))
                .hasMessage("--speed 'fast' is not a number");
        assertThatThrownBy(() -> Replay.Options.parse("x", "--speed", "0"))
                .hasMessageContaining("--speed must be above 0");
        assertThatThrownBy(() -> Replay.Options.parse("x", "--rps", "-3"))
                .hasMessageContaining("--rps must be 1..2000");
        assertThatThrownBy(() -> Replay.Options.parse("x", "--settle", "ten"))
                .hasMessage("--settle 'ten' is not a whole number of seconds");
    }

    @Test
    void helpIsAskedForNotAnError() {
        assertThat(Replay.Options.wantsHelp("--help")).isTrue();
        assertThat(Replay.Options.wantsHelp("seed-002-timeline", "-h")).isTrue();
        assertThat(Replay.Options.wantsHelp("seed-002-timeline", "--speed", "20"))
                .isFalse();
        assertThat(Replay.Options.usage())
                .contains("usage: ./shop replay")
                .contains("seed-003-fraud-cascade")
                .contains("--speed");
    }
}
