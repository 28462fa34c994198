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
        var o = Replay.Options.parse("seed-000-recs-down", "--speed", "20", "--mode", "naive", "--rps", "12",
                "--prometheus", "off", "--warm-up", "0");
        assertThat(o.speed()).isEqualTo(20);
        assertThat(o.modes()).isEqualTo(List.of("naive"));
        assertThat(o.rps()).isEqualTo(12);
        assertThat(o.prometheus()).isEqualTo("off");
        assertThat(o.warmUp()).isZero();
    }

    @Test
    void badArgumentsAreRefusedWithTheUsage() {
        assertThatThrownBy(() -> Replay.Options.parse()).hasMessageContaining("usage: ./shop replay");
        assertThatThrownBy(() -> Replay.Options.parse("x", "--mode", "both-ways")).hasMessageContaining("--mode");
        assertThatThrownBy(() -> Replay.Options.parse("x", "--prometheus", "localhost:9090")).hasMessageContaining("auto or off");
        assertThatThrownBy(() -> Replay.Options.parse("x", "--speed")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Replay.Options.parse("x", "y")).hasMessageContaining("unknown argument y");
    }
}
