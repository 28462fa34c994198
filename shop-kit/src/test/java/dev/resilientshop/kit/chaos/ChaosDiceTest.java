package dev.resilientshop.kit.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosDiceTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final Chaos chaos = new Chaos("test", metrics);

    @Test
    void theSameSeedReplaysTheSameFaults() {
        var config = new ChaosConfig(10, 90, 0.3, 0.1, null, null, 42L);
        chaos.set(config);
        var first = rolls(200);
        chaos.set(config);
        assertThat(rolls(200)).isEqualTo(first);
    }

    @Test
    void ratesAndJitterStayWithinTheirBounds() {
        chaos.set(new ChaosConfig(100, 50, 0.2, 0.1, null, null, 7L));
        int errors = 0;
        int hangs = 0;
        for (var fault : rolls(10_000)) {
            if (fault instanceof Chaos.Fault.Error) {
                errors++;
            } else if (fault instanceof Chaos.Fault.Hang) {
                hangs++;
            } else {
                var delay = ((Chaos.Fault.Delay) fault).millis();
                assertThat(delay).isBetween(100L, 150L); // latency 100 + jitter 0..50
            }
        }
        // 10,000 rolls at 20% and 10%: expect 2,000 and 1,000, allow ±15%
        assertThat(errors).isBetween(1700, 2300);
        assertThat(hangs).isBetween(850, 1150);
        assertThat(metrics.counter("chaos_faults_injected", "fault", "error").count())
                .isEqualTo(errors);
    }

    @Test
    void noFaultsMeansNothingHappens() {
        assertThat(rolls(100)).allMatch(f -> f instanceof Chaos.Fault.None);
        chaos.set(new ChaosConfig(null, null, 1.0, null, null, "/stock/.*", 1L));
        assertThat(chaos.decide("/products/AUD-0001")).isInstanceOf(Chaos.Fault.None.class);
        assertThat(chaos.decide("/stock/AUD-0001")).isInstanceOf(Chaos.Fault.Error.class);
    }

    private List<Chaos.Fault> rolls(int n) {
        var out = new ArrayList<Chaos.Fault>();
        for (int i = 0; i < n; i++) {
            out.add(chaos.decide("/anything"));
        }
        return out;
    }
}
