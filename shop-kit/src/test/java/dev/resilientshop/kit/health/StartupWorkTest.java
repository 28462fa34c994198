package dev.resilientshop.kit.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StartupWorkTest {

    @Inject
    StartupWork work;

    @Test
    void theStartupCheckWaitsForEveryPieceOfWorkAndNamesWhatIsLeft() {
        given().get("/q/health/started").then().statusCode(200);

        work.begin("warm-up: widgets");
        work.begin("cache: gadgets");
        given().get("/q/health/started")
                .then()
                .statusCode(503)
                .body(containsString("cache: gadgets, warm-up: widgets"));
        given().get("/q/health/live").then().statusCode(200); // liveness is another question

        work.done("cache: gadgets");
        assertThat(work.check().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        work.done("warm-up: widgets");
        given().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void readinessStaysDownUntilTheStartUpWorkIsDone() {
        given().get("/q/health/ready").then().statusCode(200);

        work.begin("warm-up: clients");
        // ./shop up and a load balancer wait for readiness: no visitor may reach cold clients
        given().get("/q/health/ready").then().statusCode(503).body(containsString("warm-up: clients"));

        work.done("warm-up: clients");
        given().get("/q/health/ready").then().statusCode(200);
    }
}
