package dev.resilientshop.kit.ops;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import org.junit.jupiter.api.Test;

class OpsSessionsTest {

    private final ManualClock clock = new ManualClock();
    private final OpsSessions sessions = new OpsSessions(clock, ofHours(8));

    @Test
    void aSessionIsRandomAndLastsItsTtl() {
        var id = sessions.create();
        assertThat(id).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(sessions.create()); // 32 random bytes, base64url
        clock.advance(ofHours(8).minusSeconds(1)); // one second before the end
        assertThat(sessions.valid(id)).isTrue();
        clock.advance(ofSeconds(1)); // 8 h after the login → expired
        assertThat(sessions.valid(id)).isFalse();
    }

    @Test
    void loggingOutEndsTheSessionAndUnknownIdsOpenNothing() {
        var id = sessions.create();
        sessions.end(id);
        assertThat(sessions.valid(id)).isFalse();
        assertThat(sessions.valid(null)).isFalse();
        assertThat(sessions.valid("made-up")).isFalse();
    }

    @Test
    void aLoginLoopCannotGrowTheMapPastItsCap() {
        var first = sessions.create();
        for (int i = 0; i < OpsSessions.MAX_SESSIONS; i++) {
            clock.advance(ofSeconds(1));
            sessions.create();
        }
        // the oldest went first
        assertThat(sessions.valid(first)).isFalse();
    }
}
