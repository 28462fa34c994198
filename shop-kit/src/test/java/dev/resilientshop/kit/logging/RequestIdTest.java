package dev.resilientshop.kit.logging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RequestIdTest {

    @Test
    void aCallersRequestIdIsKeptEchoedAndVisibleToTheResource() {
        given().header("X-Request-Id", "page-view-42")
                .get("/test/request-id")
                .then()
                .statusCode(200)
                .header("X-Request-Id", "page-view-42")
                .body(equalTo("page-view-42"));
    }

    @Test
    void withoutOneOrWithGarbageTheServiceMakesOneUp() {
        var made = given().get("/test/request-id")
                .then()
                .statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f]{16}"))
                .extract();
        assertThat(made.body().asString()).isEqualTo(made.header("X-Request-Id"));
        given().header("X-Request-Id", "spaces and <tags>")
                .get("/test/ping")
                .then()
                .header("X-Request-Id", matchesPattern("[0-9a-f]{16}"));
    }
}
