package dev.resilientshop.kit.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * shop-kit's defaults, as every service gets them: tracing is off, and no span goes to Zipkin.
 */
@QuarkusTest
class TracingOffByDefaultTest {

    @Inject
    SpanExporter exporter;

    @Test
    void withoutAnEndpointTheExporterIsNotZipkins() {
        assertThat(exporter.getClass().getSimpleName()).doesNotContain("Zipkin");
    }
}
