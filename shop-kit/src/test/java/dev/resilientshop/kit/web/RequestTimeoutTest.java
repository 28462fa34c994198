package dev.resilientshop.kit.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RequestTimeoutTest.OneSecond.class)
class RequestTimeoutTest {

    public static class OneSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shop.http.request-timeout", "1s");
        }
    }

    @Test
    void aRequestWithoutABudgetIsAnswered504AtTheServersLimit() {
        long start = System.nanoTime();
        given().get("/test/sleep?ms=20000")
                .then()
                .statusCode(504)
                .contentType("application/problem+json")
                .body("status", equalTo(504));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("no budget, 20 s of work: answered 504 after %d ms (limit 1 s)%n", tookMs);
        // answered at the 1 s limit, long before the 20 s of work ended (10 s of slack for a loaded machine)
        assertThat(tookMs).isLessThan(10_000);
    }

    @Test
    void aRequestWithABudgetIsBoundedByItsCallerInstead() {
        given().header("X-Request-Budget-Ms", "5000")
                .get("/test/sleep?ms=1500")
                .then()
                .statusCode(200)
                .body(equalTo("slept"));
    }
}
