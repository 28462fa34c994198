package dev.resilientshop.productpage.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import dev.resilientshop.productpage.tracing.TracingOnProfile;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, the ops page's feed names the slowest product page of the last minute and
 * links to its trace: the trace id is the page's SERVER span's, as exported.
 */
@QuarkusTest
@TestProfile(TracingOnProfile.class)
@WithTestResource(DownstreamStubResource.class)
class SlowestPageTraceTest {

    @Inject
    TracingOnProfile.Spans spans;

    @Inject
    SlowestPage slowest;

    @Test
    void theFeedLinksToTheTraceOfTheSlowestRecentProductPage() {
        var products = CatalogSeed.products();
        var fast = products.get(0).sku();
        var slow = products.get(1).sku();
        Stub.reset();
        given().get("/p/" + fast).then().statusCode(200); // warm
        slowest.clear();
        spans.clear();

        given().get("/p/" + fast).then().statusCode(200);
        Stub.delay("pricing", 700);
        given().get("/p/" + slow).then().statusCode(200);
        Stub.reset();
        given().get("/p/" + fast).then().statusCode(200);

        var page = spans.await(
                s -> s.getKind() == SpanKind.SERVER
                        && s.getAttributes().asMap().values().stream()
                                .anyMatch(v -> String.valueOf(v).equals("/p/" + slow)),
                "the SERVER span of /p/" + slow);
        given().header("X-Ops-Token", OpsPageTest.TOKEN)
                .get("/ops/api/overview")
                .then()
                .statusCode(200)
                .body("tracing.on", equalTo(true))
                .body("tracing.slowestPage.path", equalTo("/p/" + slow))
                .body("tracing.slowestPage.millis", greaterThanOrEqualTo(700))
                .body("tracing.slowestPage.traceId", equalTo(page.getTraceId()))
                .body("tracing.slowestPage.url", equalTo("http://viewer.test/zipkin/traces/" + page.getTraceId()));
    }
}
