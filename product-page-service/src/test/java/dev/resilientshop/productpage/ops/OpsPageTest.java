package dev.resilientshop.productpage.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class OpsPageTest {

    static final String TOKEN = "test-ops-token-0123456789abcdefghijkl";

    @Test
    void theOpsPageAsksForTheTokenFirst() {
        given().get("/ops")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("action=\"/ops/login\""))
                .body(containsString("Ops token"));
    }

    @Test
    void aWrongTokenIsRefusedAndTheRightOneOpensThePageWithAStrictCookie() {
        given().redirects()
                .follow(false)
                .header("X-Forwarded-For", OpsSessionTest.freshClient())
                .formParam("token", "guess-guess-guess")
                .post("/ops/login")
                .then()
                .statusCode(401)
                .body(containsString("not the ops token"));
        var session = given().redirects()
                .follow(false)
                .header("X-Forwarded-For", OpsSessionTest.freshClient())
                .formParam("token", TOKEN)
                .post("/ops/login")
                .then()
                .statusCode(303)
                .header("Location", containsString("/ops"))
                .extract()
                .detailedCookie("ops_session");
        org.assertj.core.api.Assertions.assertThat(session.isHttpOnly()).isTrue();
        org.assertj.core.api.Assertions.assertThat(session.getSameSite()).isEqualTo("Strict");
        org.assertj.core.api.Assertions.assertThat(session.getPath()).isEqualTo("/ops");
        given().cookie("ops_session", session.getValue())
                .get("/ops")
                .then()
                .statusCode(200)
                .body(containsString("data-service=\"recommendations\""))
                .body(containsString("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"));
    }

    @Test
    void theChartLibraryIsServedByTheAppItself() {
        given().get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").then().statusCode(200);
        given().get("/ops-assets/ops.js").then().statusCode(200).body(containsString("/ops/api/overview"));
    }

    @Test
    void theLiveFeedNeedsTheTokenAndListsEveryService() {
        given().get("/ops/api/overview").then().statusCode(401).contentType("application/problem+json");
        given().cookie("ops_session", OpsSessionTest.login().getValue())
                .get("/ops/api/overview")
                .then()
                .statusCode(200)
                .body("services", hasSize(8))
                .body(
                        "services.name",
                        hasItems(
                                "product-page",
                                "recommendations",
                                "inventory-primary",
                                "inventory-secondary",
                                "pricing",
                                "order",
                                "payment",
                                "fraud-api"))
                .body("services.find { it.name == 'product-page' }.self", equalTo(true))
                .body("services.find { it.name == 'product-page' }.ready", equalTo(true))
                .body("services.find { it.name == 'product-page' }.state.mode", equalTo("resilient"))
                // naive mode's one outbound pool, for the page's "shared pool" chart
                .body("services.find { it.name == 'product-page' }.state.sharedPool.size", equalTo(20))
                .body("services.find { it.name == 'product-page' }.state.sharedPool.inUse", equalTo(0))
                .body("launcher", equalTo(false))
                // tracing off (the default): no trace to link to, the page says how to turn it on
                .body("tracing.on", equalTo(false))
                .body("tracing.slowestPage", nullValue());
    }

    @Test
    void theDashboardHasAPlaceForTheSlowestPagesTraceAndSaysHowToTurnTracingOn() {
        given().cookie("ops_session", OpsSessionTest.login().getValue())
                .get("/ops")
                .then()
                .statusCode(200)
                .body(containsString("id=\"slowest-trace\""));
        given().get("/ops-assets/ops.js")
                .then()
                .statusCode(200)
                .body(containsString("renderTracing(overview.tracing)"), containsString("./shop up --with-tracing"));
    }

    @Test
    void processButtonsNeverTouchTheOpsPageItselfAndSayTheCommandWithoutTheLauncher() {
        var ops = given().header("X-Ops-Token", TOKEN);
        ops.post("/ops/api/services/product-page/kill")
                .then()
                .statusCode(409)
                .body("command", equalTo("docker compose kill product-page"));
        given().header("X-Ops-Token", TOKEN)
                .post("/ops/api/services/pricing/stop")
                .then()
                .statusCode(409)
                .body("detail", containsString("docker compose stop pricing"));
        given().header("X-Ops-Token", TOKEN)
                .post("/ops/api/services/pricing/explode")
                .then()
                .statusCode(404);
        given().header("X-Ops-Token", TOKEN)
                .post("/ops/api/services/nope/kill")
                .then()
                .statusCode(404);
        given().post("/ops/api/services/pricing/kill").then().statusCode(401);
    }

    @Test
    void theModeSwitchGoesToCallersOnlyAndFlipsTheProductPage() {
        var json = given().header("X-Ops-Token", TOKEN).contentType("application/json");
        json.body("{\"mode\":\"naive\"}")
                .put("/ops/api/services/pricing/mode")
                .then()
                .statusCode(400);
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body("{\"mode\":\"naive\"}")
                .put("/ops/api/services/product-page/mode")
                .then()
                .statusCode(200)
                .body("mode", equalTo("naive"));
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body("{\"mode\":\"resilient\"}")
                .put("/ops/api/services/product-page/mode")
                .then()
                .statusCode(200)
                .body("mode", equalTo("resilient"));
    }

    @Test
    void chaosIsForwardedToTheNamedService() {
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body("{\"latencyMs\":5}")
                .put("/ops/api/services/product-page/chaos")
                .then()
                .statusCode(200)
                .body("latencyMs", equalTo(5));
        given().header("X-Ops-Token", TOKEN)
                .delete("/ops/api/services/product-page/chaos")
                .then()
                .statusCode(200)
                .body("active", equalTo(false));
        // a service that is not running: the page says so instead of hanging
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body("{\"latencyMs\":5}")
                .put("/ops/api/services/fraud-api/chaos")
                .then()
                .statusCode(502);
    }
}
