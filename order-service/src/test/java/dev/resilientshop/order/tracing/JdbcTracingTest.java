package dev.resilientshop.order.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.order.checkout.DownstreamStub;
import dev.resilientshop.testsupport.tracing.InMemorySpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, order-service's statements are CLIENT spans ({@code db.system} postgresql) in
 * the trace of the request that ran them, under its SERVER span: Quarkus wraps the datasource in
 * OpenTelemetry's JDBC instrumentation ({@code quarkus.datasource.jdbc.telemetry=true}, a build
 * time switch) only when the SDK is on at run time.
 */
@QuarkusTest
@TestProfile(JdbcTracingTest.TracingOn.class)
@QuarkusTestResource(DownstreamStub.class)
class JdbcTracingTest {

    private static final String CART = """
            {"items":[{"sku":"AUD-0001","quantity":1}],
             "customer":{"name":"Ada Lovelace","email":"ada@example.com"},
             "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""";

    /** Tracing on, as {@code ./shop up --with-tracing} runs order-service, every finished span kept in memory. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(Spans.class);
        }
    }

    @Inject
    Spans spans;

    @Inject
    DataSource dataSource;

    @Test
    void anOrdersStatementsAreJdbcClientSpansUnderItsServerSpan() {
        spans.clear();
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "checkout-" + UUID.randomUUID())
                .body(CART)
                .when()
                .post("/orders")
                .then()
                .statusCode(201);

        var server = spans.await(
                s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/orders"), "the order's SERVER span");
        var jdbc = spans.await(
                s -> s.getKind() == SpanKind.CLIENT
                        && s.getTraceId().equals(server.getTraceId())
                        && s.getAttributes().asMap().entrySet().stream()
                                .anyMatch(e -> e.getKey().getKey().startsWith("db.system")
                                        && "postgresql".equals(String.valueOf(e.getValue()))),
                "a JDBC CLIENT span in the order's trace");
        assertThat(ancestors(jdbc)).as(InMemorySpans.describe(spans.finished())).contains(server.getSpanId());
    }

    @Test
    void theDatasourceIsWrappedInOpenTelemetrysJdbcInstrumentation() {
        assertThat(ClientProxy.unwrap(dataSource)).isInstanceOf(OpenTelemetryDataSource.class);
    }

    /** The span ids above {@code span} in its trace, nearest first. */
    private List<String> ancestors(SpanData span) {
        var byId = spans.finished().stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s, (a, b) -> a));
        var ids = new java.util.ArrayList<String>();
        for (var parent = byId.get(span.getParentSpanId());
                parent != null;
                parent = byId.get(parent.getParentSpanId())) {
            ids.add(parent.getSpanId());
        }
        return ids;
    }

    /** Every finished span, in memory; an alternative, so that only this profile's tests have it. */
    @Alternative
    @Priority(1)
    @Singleton
    public static class Spans extends InMemorySpans {}
}
