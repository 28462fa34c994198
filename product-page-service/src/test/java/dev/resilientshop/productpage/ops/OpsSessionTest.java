package dev.resilientshop.productpage.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ops page's login: what the cookie holds, how guessing is slowed, and who may post (issue 13, item 10). */
@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class OpsSessionTest {

    static final String TOKEN = OpsPageTest.TOKEN;

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /**
     * A client address of its own for each login (the test profile trusts loopback as a proxy): the
     * login throttle counts every attempt per client, and the tests of this app share it, so logins
     * from one address would start answering 429 depending on which test ran first.
     */
    static String freshClient() {
        return "203.0.113." + (1 + CLIENTS.getAndIncrement() % 250);
    }

    static Cookie login() {
        return given().redirects()
                .follow(false)
                .header("X-Forwarded-For", freshClient())
                .formParam("token", TOKEN)
                .post("/ops/login")
                .then()
                .statusCode(303)
                .extract()
                .detailedCookie("ops_session");
    }

    @Test
    void theCookieHoldsARandomSessionIdWithAnExpiryNotTheToken() {
        var setCookie = given().redirects()
                .follow(false)
                .header("X-Forwarded-For", freshClient())
                .formParam("token", TOKEN)
                .post("/ops/login")
                .then()
                .statusCode(303)
                .extract()
                .headers()
                .getValues("Set-Cookie");
        assertThat(String.join("\n", setCookie))
                .doesNotContain(TOKEN)
                .contains("Max-Age=", "HttpOnly", "SameSite=Strict");
        var first = login();
        var second = login();
        assertThat(first.getValue()).isNotEqualTo(second.getValue()).hasSizeGreaterThanOrEqualTo(32);
        given().cookie("ops_session", first.getValue())
                .get("/ops/api/overview")
                .then()
                .statusCode(200);
        // the master token in a cookie opens nothing any more; a made-up session neither
        given().cookie("ops_token", TOKEN).get("/ops/api/overview").then().statusCode(401);
        given().cookie("ops_session", "made-up-session-id-made-up-session-id")
                .get("/ops/api/overview")
                .then()
                .statusCode(401);
    }

    @Test
    void loggingOutEndsTheSessionOnTheServer() {
        var session = login();
        given().redirects()
                .follow(false)
                .cookie("ops_session", session.getValue())
                .header("Origin", "http://localhost:" + io.restassured.RestAssured.port)
                .post("/ops/logout")
                .then()
                .statusCode(303);
        given().cookie("ops_session", session.getValue())
                .get("/ops/api/overview")
                .then()
                .statusCode(401);
    }

    @Test
    void guessingTheTokenIsThrottled() {
        int throttled = 0;
        for (int i = 0; i < 12; i++) {
            int status = given().redirects()
                    .follow(false)
                    .header("X-Forwarded-For", "198.51.100.99")
                    .formParam("token", "guess-" + i + "-guess-guess-guess")
                    .post("/ops/login")
                    .then()
                    .extract()
                    .statusCode();
            if (status == 429) {
                throttled++;
            }
        }
        assertThat(throttled).as("12 wrong guesses in a row from one client").isGreaterThanOrEqualTo(5);
    }

    @Test
    void aPageOnAnotherPortCannotPostToTheOpsApiWithTheBrowsersCookie() {
        var session = login();
        // the attack: <form action="http://localhost:8080/ops/api/services/payment/kill" method="post"> on
        // localhost:9999
        given().cookie("ops_session", session.getValue())
                .header("Origin", "http://localhost:9999")
                .post("/ops/api/services/pricing/kill")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().cookie("ops_session", session.getValue())
                .header("Origin", "http://localhost:9999")
                .contentType("application/json")
                .body("{\"errorRate\":1}")
                .put("/ops/api/services/product-page/chaos")
                .then()
                .statusCode(403);
        // a cookie-authenticated change with no Origin at all is refused too (no browser omits it on a POST)
        given().cookie("ops_session", session.getValue())
                .post("/ops/api/services/pricing/kill")
                .then()
                .statusCode(403);
        // the page's own origin may
        given().cookie("ops_session", session.getValue())
                .header("Origin", "http://localhost:" + io.restassured.RestAssured.port)
                .post("/ops/api/services/pricing/kill")
                .then()
                .statusCode(409);
    }
}
