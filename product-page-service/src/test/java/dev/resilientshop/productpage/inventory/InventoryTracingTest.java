package dev.resilientshop.productpage.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.productpage.Seeds;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import dev.resilientshop.productpage.tracing.TracingOnProfile;
import dev.resilientshop.testsupport.tracing.InMemorySpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a trace viewer shows of the product page's inventory reads (issue 16), read back from the
 * spans the running service finished, with tracing on: a hedged stock read is two CLIENT spans
 * under the page's span, the loser ending when it is cancelled, and the page's span says which
 * attempt won and which was cancelled; a read the open breaker refused is an event on the page's
 * span and no CLIENT span at all.
 */
@QuarkusTest
@TestProfile(TracingOnProfile.class)
@WithTestResource(DownstreamStubResource.class)
class InventoryTracingTest {

    private static final AttributeKey<String> DEPENDENCY = AttributeKey.stringKey("resilience.dependency");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("resilience.attempt");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    @Inject
    TracingOnProfile.Spans spans;

    @Inject
    InventoryReplicas replicas;

    @Inject
    DependencyPipelines pipelines;

    private static boolean warm;

    @BeforeEach
    void reset() {
        Stub.reset();
        if (!warm) { // a cold JVM's first pages can take seconds on a busy machine: not what these tests are about
            for (var p : List.of(Seeds.plain(), Seeds.promoted(), Seeds.lowStock())) {
                given().when().get("/p/" + p.sku());
            }
            warm = true;
        }
        pipelines.pipeline(InventoryClient.DEPENDENCY).circuitBreaker().reset();
        spans.clear();
    }

    @AfterEach
    void closeBreaker() {
        Stub.reset();
        pipelines.pipeline(InventoryClient.DEPENDENCY).circuitBreaker().reset();
    }

    @Test
    void aHedgedStockReadIsTwoClientSpansUnderThePageAndTheLoserEndsWhenCancelled() {
        Stub.delay("inventory", 1500); // the primary replica; the secondary answers at once
        nextStockReadStartsAtThePrimary();
        var sku = Seeds.plain().sku();

        given().when().get("/p/" + sku).then().statusCode(200);

        var page = spans.await(
                s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/p/"), "the page's SERVER span");
        var stockReads = spans.await(
                s -> s.getKind() == SpanKind.CLIENT && mentions(s, "/stock/" + sku),
                2,
                "two CLIENT spans of the stock read");
        assertThat(stockReads).as(InMemorySpans.describe(spans.finished())).allSatisfy(s -> {
            assertThat(s.getTraceId()).isEqualTo(page.getTraceId());
            assertThat(s.getParentSpanId()).isEqualTo(stockReads.get(0).getParentSpanId());
        });
        var loser = stockReads.stream()
                .filter(s -> mentions(s, "/inventory/stock/"))
                .findFirst()
                .orElseThrow();
        var winner = stockReads.stream()
                .filter(s -> mentions(s, "/inventory-secondary/stock/"))
                .findFirst()
                .orElseThrow();
        assertThat(winner.getStatus().getStatusCode())
                .as(InMemorySpans.describe(List.of(winner)))
                .isNotEqualTo(StatusCode.ERROR);
        // the loser's span ends when the hedge's win cancels it, not when its replica answers (1.5 s):
        // the HTTP client's instrumentation ends it as the connection the cancellation closed
        assertThat(loser.getEndEpochNanos() - loser.getStartEpochNanos())
                .as(InMemorySpans.describe(List.of(loser)))
                .isLessThan(1_200_000_000L);
        assertThat(loser.getAttributes().get(ERROR_TYPE))
                .as(InMemorySpans.describe(List.of(loser)))
                .endsWith("HttpClosedException");
        // and the page's span says which attempt won and which was cancelled (the product read may
        // be hedged too, either way round: its events are there as well)
        assertThat(attempts(page, "hedge won"))
                .as(InMemorySpans.describe(List.of(page)))
                .contains(1L);
        assertThat(attempts(page, "hedge cancelled"))
                .as(InMemorySpans.describe(List.of(page)))
                .contains(0L);
    }

    @Test
    void aReadTheOpenBreakerRefusedIsAnEventOnThePageSpanAndNoClientSpan() {
        pipelines.pipeline(InventoryClient.DEPENDENCY).circuitBreaker().forceOpen();
        var sku = Seeds.plain().sku();

        given().when()
                .get("/p/" + sku)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is(200),
                        org.hamcrest.Matchers.is(503))); // the snapshot, if the test Redis has one

        var page = spans.await(
                s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/p/"), "the page's SERVER span");
        var rejected = page.getEvents().stream()
                .filter(e -> e.getName().equals("rejected: open"))
                .toList();
        assertThat(rejected)
                .as(InMemorySpans.describe(List.of(page)))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getAttributes().get(DEPENDENCY)).isEqualTo("inventory"));
        assertThat(spans.finished())
                .as("no request left for inventory: " + InMemorySpans.describe(spans.finished()))
                .noneMatch(s -> s.getKind() == SpanKind.CLIENT && mentions(s, "/inventory"));
        assertThat(Stub.calls("inventory") + Stub.calls("inventory-secondary")).isZero();
    }

    /** Turns the stock reads' rotation so that the next read's first attempt goes to the primary. */
    private void nextStockReadStartsAtThePrimary() {
        assertThat(replicas.inRotation()).containsExactly("inventory-primary", "inventory-secondary");
        if (replicas.pick(InventoryReplicas.Kind.STOCK).attempt().name.equals("inventory-primary")) {
            replicas.pick(InventoryReplicas.Kind.STOCK); // two replicas: the one after next is the primary again
        }
    }

    /** The {@code resilience.attempt} of each of the span's events called {@code name}. */
    private static List<Long> attempts(SpanData span, String name) {
        return span.getEvents().stream()
                .filter(e -> e.getName().equals(name))
                .map(e -> e.getAttributes().get(ATTEMPT))
                .toList();
    }

    private static boolean mentions(SpanData span, String text) {
        return span.getAttributes().asMap().values().stream()
                .anyMatch(v -> String.valueOf(v).contains(text));
    }
}
