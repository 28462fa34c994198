package dev.resilientshop.fraud;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.testsupport.OpenApiFuzzer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/**
 * Bad-input fuzzing of every operation in fraud-api's OpenAPI document (issue 13): never a 5xx,
 * every 4xx problem+json, health still answers. The run prints its case count and seed.
 */
@QuarkusTest
class FraudApiFuzzTest {

    @Test
    void hostileInputsGetA4xxProblemAndChangeNothing() throws Exception {
        var report = OpenApiFuzzer.of(RestAssured.port, "fraud-api").run();
        System.out.println(report.summary());
        assertThat(report.failures()).as(report.summary()).isEmpty();
        given().get("/q/health/live").then().statusCode(200);
    }
}
