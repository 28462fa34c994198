package dev.resilientshop.testsupport.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadMainTest {

    private static final String LOCAL = "http://127.0.0.1:8080";

    @Test
    void defaultsAndOptions() {
        var o = LoadMain.parse(
                new String[] {"--rps", "40", "--duration=2m", "--mix", "product=1", "--json", "out/s.json"}, LOCAL);
        assertThat(o.rps()).isEqualTo(40);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.mix().weights()).containsOnlyKeys("product");
        assertThat(o.json().toString()).isEqualTo("out/s.json");
        var d = LoadMain.parse(new String[0], LOCAL);
        assertThat(d.mix().toString()).isEqualTo("browse=80,product=15,checkout=5");
        assertThat(d.duration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void onlyThisMachineIsATarget() {
        assertThat(LoadMain.parse(new String[] {"--target", "http://localhost:18080"}, LOCAL)
                        .target()
                        .getPort())
                .isEqualTo(18080);
        assertThat(LoadMain.parse(new String[] {"--target", "http://[::1]:8080"}, LOCAL)
                        .target()
                        .getHost())
                .isEqualTo("[::1]");
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--target", "http://example.com"}, LOCAL))
                .hasMessageContaining("refusing to send load to example.com");
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--target", "http://10.0.0.5:8080"}, LOCAL))
                .hasMessageContaining("refusing");
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--target", "http://127.0.0.1.evil.example"}, LOCAL))
                .hasMessageContaining("refusing");
    }

    @Test
    void badValuesSayWhatIsWrong() {
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--rps", "fast"}, LOCAL))
                .hasMessageContaining("--rps 'fast' is not a number");
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--rps", "0"}, LOCAL))
                .hasMessageContaining("above 0");
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--duration", "soon"}, LOCAL))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--duration", "2h"}, LOCAL))
                .hasMessageContaining("at most 1h");
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--mix", "browse=x"}, LOCAL))
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--rsp", "5"}, LOCAL))
                .hasMessageContaining("unknown option --rsp");
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--rps"}, LOCAL)).hasMessageContaining("needs a value");
    }

    @Test
    void helpPrintsTheUsageAndSendsNothing() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        for (var flag : new String[] {"--help", "-h"}) {
            out.reset();
            int status = LoadMain.start(
                    new String[] {"--rps", "5", flag},
                    LOCAL,
                    new java.io.PrintStream(out, true),
                    new java.io.PrintStream(err, true));
            assertThat(status).as(flag).isZero();
            assertThat(out.toString())
                    .as(flag)
                    .contains("usage: ./shop load")
                    .contains("--rps")
                    .doesNotContain("load: ");
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void badArgumentsExitTwoWithTheUsageOnStandardError() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int status = LoadMain.start(
                new String[] {"--rps", "fast"},
                LOCAL,
                new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--rps 'fast' is not a number").contains("usage: ./shop load");
        assertThat(out.toString()).isEmpty();
    }
}
