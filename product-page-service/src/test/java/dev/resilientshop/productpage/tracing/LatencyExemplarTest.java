package dev.resilientshop.productpage.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.Seeds;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, the latency histogram's buckets carry exemplars when {@code /q/metrics} is
 * scraped as OpenMetrics: a bucket line ends with {@code # {trace_id="...",span_id="..."}} naming
 * a request that fell into it, which is what lets a Grafana latency panel open that request's
 * trace. Quarkus' Prometheus registry samples them from the current span by itself (no switch),
 * on histograms that publish buckets (shop-kit's {@code ServiceTag} turns them on for
 * {@code http.server.requests}).
 */
@QuarkusTest
@TestProfile(TracingOnProfile.class)
@WithTestResource(DownstreamStubResource.class)
class LatencyExemplarTest {

    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final Pattern PAGE_BUCKET_EXEMPLAR = Pattern.compile(
            "^http_server_requests_seconds_bucket\\{[^}]*uri=\"/p/\\{sku}\"[^}]*} \\S+ # \\{[^}]*trace_id=\"([0-9a-f]{32})\"",
            Pattern.MULTILINE);

    @Inject
    TracingOnProfile.Spans spans;

    @Test
    void aPageLatencyBucketScrapedAsOpenMetricsNamesThePagesTrace() throws InterruptedException {
        var pageTraces = new ArrayList<String>();
        List<String> exemplars = List.of();
        // a bucket keeps its exemplar for a few seconds before a newer request may replace it: an
        // earlier test's page in the same bucket can still be there, so ask again until ours is
        for (int attempt = 0; attempt < 15 && pageTraces.stream().noneMatch(exemplars::contains); attempt++) {
            if (attempt > 0) {
                Thread.sleep(1000);
            }
            spans.clear();
            given().when().get("/p/" + Seeds.plain().sku()).then().statusCode(200);
            pageTraces.add(spans.await(
                            s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/p/"),
                            "the page's SERVER span")
                    .getTraceId());
            var scrape = given().accept(OPEN_METRICS)
                    .when()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            exemplars = PAGE_BUCKET_EXEMPLAR
                    .matcher(scrape)
                    .results()
                    .map(m -> m.group(1))
                    .toList();
        }
        assertThat(exemplars)
                .as("exemplars on the page's latency buckets, pages' traces " + pageTraces)
                .containsAnyElementsOf(pageTraces);
    }
}
