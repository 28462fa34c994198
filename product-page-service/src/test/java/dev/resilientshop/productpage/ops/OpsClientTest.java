package dev.resilientshop.productpage.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.ops.OpsToken;
import dev.resilientshop.testsupport.StubServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ops page polls with a short timeout (a hung service shows as "not answering" within one
 * poll) but waits longer for an operator's action. Under load a service took more than the
 * polls' 800 ms to switch its mode: the page said 502 although the switch went through, and the
 * operator saw a failure for a change that was made.
 */
class OpsClientTest {

    /** Slower than a poll may take, well inside what an action may. */
    private static final long SLOW_MS = 2 * OpsClient.TIMEOUT.toMillis();

    private final StubServer service;
    private final OpsClient client =
            new OpsClient(new OpsToken(Optional.of("0123456789abcdef0123456789abcdef")), new ObjectMapper());

    OpsClientTest() throws Exception {
        service = new StubServer(List.of(
                new StubServer.Rule("GET", "/ops/state", 200, "{\"mode\":\"resilient\"}", SLOW_MS, false),
                new StubServer.Rule("PUT", "/ops/resilience", 200, "{\"mode\":\"naive\"}", SLOW_MS, false),
                new StubServer.Rule("DELETE", "/ops/chaos", 200, "{}", SLOW_MS, false)));
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    @Test
    void aPollThatTakesLongerThanItsTimeoutShowsAsNotAnswering() {
        var reply = client.get(service.url(), "/ops/state").join();
        assertThat(reply.status()).isZero();
        assertThat(reply.error()).isEqualTo("no answer within " + OpsClient.TIMEOUT.toMillis() + " ms");
    }

    @Test
    void anActionWaitsLongerThanAPollForItsAnswer() {
        var put = client.put(service.url(), "/ops/resilience", "{\"mode\":\"naive\"}")
                .join();
        assertThat(put.status())
                .as("mode switch answered after %d ms: %s", SLOW_MS, put.error())
                .isEqualTo(200);
        assertThat(put.body().path("mode").asText()).isEqualTo("naive");
        var delete = client.delete(service.url(), "/ops/chaos").join();
        assertThat(delete.status())
                .as("chaos off answered after %d ms: %s", SLOW_MS, delete.error())
                .isEqualTo(200);
    }
}
