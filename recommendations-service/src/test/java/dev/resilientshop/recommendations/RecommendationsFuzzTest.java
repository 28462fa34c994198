package dev.resilientshop.recommendations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.testsupport.OpenApiFuzzer;
import dev.resilientshop.testsupport.RowCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Bad-input fuzzing of every operation in recommendations's OpenAPI document (issue 13): never a 5xx,
 * every 4xx problem+json, no row written, health still answers. The run prints its case count and seed.
 */
@QuarkusTest
class RecommendationsFuzzTest {

    @Inject
    DataSource dataSource;

    @Test
    void hostileInputsGetA4xxProblemAndChangeNothing() throws Exception {
        var before = RowCounts.of(dataSource);
        var report = OpenApiFuzzer.of(RestAssured.port, "recommendations").run();
        System.out.println(report.summary());
        assertThat(report.failures()).as(report.summary()).isEmpty();
        assertThat(RowCounts.of(dataSource)).isEqualTo(before);
        given().get("/q/health/live").then().statusCode(200);
    }
}
