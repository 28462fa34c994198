package dev.resilientshop.productpage.tracing;

import dev.resilientshop.testsupport.tracing.InMemorySpans;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/**
 * Tracing on, as {@code ./shop up --with-tracing} runs the product page, with two inventory
 * replicas (the stub's {@code /inventory} and {@code /inventory-secondary}), and every finished
 * span kept in memory ({@link Spans}, test-support's {@link InMemorySpans}) where a test reads it back as a viewer would get it. The
 * ops page links traces to a made-up viewer.
 */
public class TracingOnProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.otel.sdk.disabled",
                "false",
                "shop.tracing.trace-url",
                "http://viewer.test/zipkin/traces/{traceId}",
                "%test.quarkus.rest-client.inventory-secondary.url",
                "${stub.url}/inventory-secondary",
                // a cold JVM's first reads are slow and hedged: they must not spend the budget of 5 the tests' hedges
                // need
                "shop.dependency.inventory.hedge.budget-reserve",
                "1000");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(Spans.class);
    }

    /** Every finished span, in memory; an alternative, so that only this profile's tests have it. */
    @Alternative
    @Priority(1)
    @Singleton
    public static class Spans extends InMemorySpans {}
}
