package dev.resilientshop.productpage.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tracing on, as {@code ./shop up --with-tracing} runs the product page, with two inventory
 * replicas (the stub's {@code /inventory} and {@code /inventory-secondary}), and every finished
 * span kept in memory ({@link Spans}) where a test reads it back as a viewer would get it. The
 * ops page links traces to a made-up viewer.
 */
public class TracingOnProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "shop.tracing.trace-url", "http://viewer.test/zipkin/traces/{traceId}",
                "%test.quarkus.rest-client.inventory-secondary.url", "${stub.url}/inventory-secondary",
                // a cold JVM's first reads are slow and hedged: they must not spend the budget of 5 the tests' hedges need
                "shop.dependency.inventory.hedge.budget-reserve", "1000");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(Spans.class);
    }

    /**
     * A span processor Quarkus adds to its tracer provider (it takes every {@link SpanProcessor}
     * bean): each span is exported to memory when it ends, not in a batch. An alternative, so
     * that only this profile's tests have it.
     */
    @Alternative
    @Priority(1)
    @Singleton
    public static class Spans implements SpanProcessor {

        private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
        private final SpanProcessor delegate = SimpleSpanProcessor.create(exporter);

        public List<SpanData> finished() {
            return exporter.getFinishedSpanItems();
        }

        public void clear() {
            exporter.reset();
        }

        @Override
        public void onStart(Context parent, ReadWriteSpan span) {
            delegate.onStart(parent, span);
        }

        @Override
        public boolean isStartRequired() {
            return delegate.isStartRequired();
        }

        @Override
        public void onEnd(ReadableSpan span) {
            delegate.onEnd(span);
        }

        @Override
        public boolean isEndRequired() {
            return delegate.isEndRequired();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }

        @Override
        public CompletableResultCode forceFlush() {
            return delegate.forceFlush();
        }
    }
}
