package dev.resilientshop.kit.tracing;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where finished spans go when tracing is on: the Zipkin v2 JSON API at
 * {@code shop.tracing.zipkin-endpoint} (e.g. {@code http://localhost:9411/api/v2/spans}).
 *
 * <p>Why Zipkin's protocol and not OTLP: the viewer {@code ./shop up --with-tracing} runs without
 * Docker is Zipkin server, which takes only its own protocol, and Jaeger (the compose viewer)
 * takes it too, so one exporter feeds both. Quarkus' own OTLP exporter is switched off at build
 * time ({@code quarkus.otel.exporter.otlp.enabled=false}); Quarkus hands the spans to every
 * {@link SpanExporter} bean (its default exporter setting, {@code cdi}), which is this one.
 * Without an endpoint the exporter drops what it is given.
 */
@Singleton
public class ZipkinExport {

    @Produces
    @Singleton
    @Unremovable
    SpanExporter spanExporter(@ConfigProperty(name = "shop.tracing.zipkin-endpoint") Optional<String> endpoint) {
        return endpoint.filter(e -> !e.isBlank())
                .<SpanExporter>map(
                        e -> ZipkinSpanExporter.builder().setEndpoint(e).build())
                .orElseGet(SpanExporter::composite);
    }
}
