package dev.resilientshop.recommendations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @Test
    void isLiveAndReadyUnderEveryHealthAlias() {
        for (var path : new String[] {
            "/q/health/live", "/q/health/ready", "/healthz", "/healthz/live", "/healthz/ready", "/readyz"
        }) {
            given().get(path).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void readinessDoesNotDependOnRedisWhichOnlyReceivesThePublication() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", not(hasItem(containsString("Redis"))));
    }
}
