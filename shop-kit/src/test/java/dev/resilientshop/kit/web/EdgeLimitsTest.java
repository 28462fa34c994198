package dev.resilientshop.kit.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EdgeLimitsTest {

    @Test
    void aOneMebibytePostIsRefusedWith413BeforeItIsRead() {
        // Quarkus' own default is 10 MiB: a handful of these fill a 256 MiB heap
        given().contentType("text/plain")
                .body("x".repeat(1024 * 1024))
                .post("/test/echo-length")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
    }

    @Test
    void aBodyUnderTheLimitStillGoesThrough() {
        given().contentType("text/plain")
                .body("x".repeat(60 * 1024))
                .post("/test/echo-length")
                .then()
                .statusCode(200)
                .body(equalTo(String.valueOf(60 * 1024)));
    }
}
