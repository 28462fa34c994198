package dev.resilientshop.kit.chaos;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChaosFilterTest {

    static final String TOKEN = "test-ops-token-0123456789abcdefghijkl";

    @AfterEach
    void chaosOff() {
        ops().delete("/ops/chaos").then().statusCode(200);
    }

    static RequestSpecification ops() {
        return given().header("X-Ops-Token", TOKEN).contentType("application/json");
    }

    @Test
    void opsEndpointsRefuseCallsWithoutTheToken() {
        given().get("/ops/chaos")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        given().header("X-Ops-Token", "wrong-token-wrong-token")
                .body("{\"errorRate\":1}")
                .contentType("application/json")
                .put("/ops/chaos")
                .then()
                .statusCode(401);
        given().get("/test/ping").then().statusCode(200); // and nothing was switched on
    }

    @Inject
    dev.resilientshop.kit.ops.OpsSessions sessions;

    @Test
    void aSessionCookieWorksButTheMasterTokenInACookieDoesNot() {
        given().cookie("ops_session", sessions.create())
                .get("/ops/chaos")
                .then()
                .statusCode(200);
        given().cookie("ops_token", TOKEN).get("/ops/chaos").then().statusCode(401);
        given().cookie("ops_session", "not-a-session-not-a-session")
                .get("/ops/chaos")
                .then()
                .statusCode(401);
    }

    @Test
    void aChangeRidingOnTheSessionCookieMustComeFromThisOrigin() {
        var session = sessions.create();
        given().cookie("ops_session", session)
                .header("Origin", "http://localhost:1")
                .contentType("application/json")
                .body("{\"errorRate\":1}")
                .put("/ops/chaos")
                .then()
                .statusCode(403);
        given().cookie("ops_session", session)
                .contentType("application/json")
                .body("{\"errorRate\":1}")
                .put("/ops/chaos")
                .then()
                .statusCode(403);
        given().get("/test/ping").then().statusCode(200); // nothing was switched on
    }

    @Test
    void aBackslashInThePathPatternIsA422AndChangesNothing() {
        // issue 13 item 11: a lone backslash is no regular expression; the launcher escapes it, the API refuses it
        ops().body("{\"pathPattern\":\"/stock\\\\\",\"errorRate\":1}")
                .put("/ops/chaos")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("pathPattern"));
        given().get("/test/ping").then().statusCode(200);
    }

    @Test
    void anInjectedErrorOnAPathWithEncodedQuotesAndBackslashesIsValidJson() throws Exception {
        ops().body("{\"errorRate\":1}").put("/ops/chaos").then().statusCode(200);
        var reply = dev.resilientshop.testsupport.RawHttp.get(io.restassured.RestAssured.port, "/test/a%5Cb%22c%00");
        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.body());
        assertThat(body.get("status").asInt()).isEqualTo(500);
    }

    @Test
    void addsLatencyToEveryRequest() {
        long baselineMs = fastestOfThreePings();
        ops().body("{\"latencyMs\":300}").put("/ops/chaos").then().statusCode(200);
        // every request waits the 300 ms (the fastest of three included), and the answer itself is untouched
        long slowedMs = fastestOfThreePings();
        ops().delete("/ops/chaos").then().statusCode(200);
        long afterMs = fastestOfThreePings();
        System.out.printf(
                "chaos latency 300 ms: fastest ping %d ms before, %d ms with it, %d ms after it was switched off%n",
                baselineMs, slowedMs, afterMs);
        assertThat(slowedMs)
                .as("fastest of three pings with 300 ms of chaos latency")
                .isGreaterThanOrEqualTo(300);
        assertThat(slowedMs - baselineMs)
                .as("added by the chaos filter (baseline %d ms)", baselineMs)
                .isGreaterThanOrEqualTo(250);
        // off: the 300 ms are gone. Half of them is the margin: a module build alongside once made the
        // fastest of three pings after DELETE take 93 ms against 333 ms with the latency on (the
        // bound was slowed - 250 = 83 ms), while a filter that kept the latency would stay >= 300 ms
        assertThat(afterMs)
                .as("off means off: fastest ping after DELETE /ops/chaos")
                .isLessThan(slowedMs - 150);
    }

    private static long fastestOfThreePings() {
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            given().get("/test/ping").then().statusCode(200).body(equalTo("pong"));
            fastest = Math.min(fastest, (System.nanoTime() - start) / 1_000_000);
        }
        return fastest;
    }

    @Test
    void errorRateOfOneAnswersEveryRequestWith500() {
        ops().body("{\"errorRate\":1.0}").put("/ops/chaos").then().statusCode(200);
        for (int i = 0; i < 5; i++) {
            given().get("/test/ping")
                    .then()
                    .statusCode(500)
                    .contentType("application/problem+json")
                    .header("X-Chaos", "chaos: injected error");
        }
    }

    @Test
    void aHungRequestNeverAnswersBeforeTheClientGivesUp() {
        ops().body("{\"hangRate\":1.0}").put("/ops/chaos").then().statusCode(200);
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/test/ping"))
                .timeout(java.time.Duration.ofSeconds(1))
                .build();
        long start = System.nanoTime();
        // The caller gives up after 1 s; the chaos filter would have held the request for 30 s.
        assertThatThrownBy(() -> client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void pathPatternLimitsFaultsToMatchingEndpoints() {
        ops().body("{\"errorRate\":1.0,\"pathPattern\":\"/test/slow.*\"}")
                .put("/ops/chaos")
                .then()
                .statusCode(200);
        given().get("/test/slow-one").then().statusCode(500);
        given().get("/test/ping").then().statusCode(200);
    }

    @Test
    void failingReadinessTakesTheInstanceOutAndDeleteBringsItBack() {
        ops().body("{\"failReadiness\":true}").put("/ops/chaos").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503);
        given().get("/readyz").then().statusCode(503);
        given().get("/q/health/live").then().statusCode(200); // liveness is not chaos's business
        given().get("/test/ping").then().statusCode(200);
        ops().delete("/ops/chaos").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void opsHealthAndMetricsAreNeverDisturbed() {
        ops().body("{\"errorRate\":1.0}").put("/ops/chaos").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/healthz/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        ops().get("/ops/chaos").then().statusCode(200).body("errorRate", equalTo(1.0f));
    }

    @Test
    void deleteSwitchesEveryFaultOff() {
        ops().body("{\"errorRate\":1.0,\"latencyMs\":50}")
                .put("/ops/chaos")
                .then()
                .statusCode(200);
        given().get("/test/ping").then().statusCode(500);
        ops().delete("/ops/chaos").then().statusCode(200).body("errorRate", org.hamcrest.Matchers.nullValue());
        given().get("/test/ping").then().statusCode(200);
    }

    @Test
    void invalidFaultsAreRejectedAndChangeNothing() {
        ops().body("{\"errorRate\":2}")
                .put("/ops/chaos")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("errorRate"));
        ops().body("{\"pathPattern\":\"([\"}").put("/ops/chaos").then().statusCode(422);
        ops().body("{\"latencyMs\":").put("/ops/chaos").then().statusCode(400);
        given().get("/test/ping").then().statusCode(200);
    }
}
