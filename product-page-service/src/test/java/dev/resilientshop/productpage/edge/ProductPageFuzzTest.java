package dev.resilientshop.productpage.edge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.testsupport.OpenApiFuzzer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/**
 * Bad-input fuzzing of every operation in the product page's OpenAPI document (issue 13): never a
 * 5xx, every 4xx problem+json (an HTML page's 4xx an HTML page), health still answers. No database:
 * the cart lives in a cookie. The run prints its case count and seed.
 */
@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class ProductPageFuzzTest {

    @Test
    void hostileInputsGetA4xxProblemAndChangeNothing() throws Exception {
        var report = OpenApiFuzzer.of(RestAssured.port, "product-page").run();
        System.out.println(report.summary());
        assertThat(report.failures()).as(report.summary()).isEmpty();
        given().get("/q/health/live").then().statusCode(200);
    }
}
