package dev.resilientshop.productpage.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.Seeds;
import dev.resilientshop.productpage.inventory.StockSnapshot;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import dev.resilientshop.testsupport.tracing.InMemorySpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, every command the product page sends through quarkus-redis-client is a CLIENT
 * span ({@code db.system} redis), without a switch of the shop's: Quarkus' Vert.x tracer traces
 * the Redis client as soon as the SDK is on ({@code quarkus.otel.instrument.vertx-redis-client},
 * default true). A command sent while a request is served (the shared rate limit's script) is a
 * child of that request's span; the fallback mirrors' reads (stock snapshot here, last known
 * prices and popular items alike) run on the background refresher, outside any request, so each
 * refresh's commands are a trace of their own.
 */
@QuarkusTest
@TestProfile(RedisTracingTest.TracingOnWithRedisRateLimit.class)
@WithTestResource(DownstreamStubResource.class)
class RedisTracingTest {

    /** {@link TracingOnProfile}, and the rate limit kept in Redis so that every page sends a Redis command. */
    public static class TracingOnWithRedisRateLimit extends TracingOnProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            var overrides = new HashMap<>(super.getConfigOverrides());
            overrides.putAll(Map.of("shop.rate-limit.enabled", "true", "shop.rate-limit.store", "redis"));
            return overrides;
        }
    }

    @Inject
    TracingOnProfile.Spans spans;

    @Inject
    StockSnapshot stockSnapshot;

    @BeforeEach
    void reset() {
        Stub.reset();
        spans.clear();
    }

    @Test
    void aRedisCommandSentWhileAPageIsServedIsAClientSpanInThePagesTrace() {
        given().when().get("/p/" + Seeds.plain().sku()).then().statusCode(200);

        var page = spans.await(
                s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/p/"), "the page's SERVER span");
        var redis = spans.await(
                s -> isRedis(s) && s.getTraceId().equals(page.getTraceId()), "a Redis CLIENT span in the page's trace");
        assertThat(redis.getParentSpanId())
                .as(InMemorySpans.describe(spans.finished()))
                .isEqualTo(page.getSpanId());
        assertThat(redis.getName().toLowerCase())
                .as(InMemorySpans.describe(List.of(redis)))
                .startsWith("eval");
    }

    @Test
    void aFallbackSnapshotRefreshSendsItsReadsAsRedisClientSpans() {
        stockSnapshot.refresh();

        spans.await(s -> isRedis(s) && s.getName().toLowerCase().startsWith("get"), "the snapshot timestamp's GET");
    }

    private static boolean isRedis(SpanData span) {
        return span.getKind() == SpanKind.CLIENT
                && span.getAttributes().asMap().entrySet().stream()
                        .anyMatch(e -> e.getKey().getKey().startsWith("db.system")
                                && "redis".equals(String.valueOf(e.getValue())));
    }
}
