package dev.resilientshop.productpage.edge;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import org.junit.jupiter.api.Test;

class OncePerTest {

    @Test
    void passesOncePerIntervalHoweverOftenItIsAsked() {
        var clock = new ManualClock();
        var gate = new OncePer(ofSeconds(30), clock);
        assertThat(gate.tryPass())
                .as("the first warning of an outage is written")
                .isTrue();
        assertThat(gate.tryPass()).as("the next request's is not").isFalse();
        clock.advance(ofSeconds(29)); // 29 s into the interval
        assertThat(gate.tryPass()).isFalse();
        clock.advance(ofSeconds(1)); // 30 s: the interval is over
        assertThat(gate.tryPass()).isTrue();
        assertThat(gate.tryPass()).isFalse();
    }
}
