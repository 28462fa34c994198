package dev.resilientshop.kit.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * shop-kit's defaults, as every service gets them: tracing is off. Quarkus' own OpenTelemetry
 * bean still records a span someone starts by hand when its SDK is disabled (its instrumentation
 * is what it switches off), so the JDK HttpClient hops must not use it then.
 */
@QuarkusTest
class TracingOffByDefaultTest {

    @Inject
    HttpClientTracing tracing;

    @Inject
    SpanExporter exporter;

    @Test
    void aJdkHttpClientAttemptMakesNoSpanAndSendsNoTraceparent() throws Exception {
        assertThat(tracing.startAttempt("fraud").isRecording()).as("an attempt's span records").isFalse();

        var traceparent = new AtomicReference<String>("not called");
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            traceparent.set(exchange.getRequestHeaders().getFirst("traceparent"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            tracing.send(HttpClient.newHttpClient(), "fraud",
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/scores")),
                    HttpResponse.BodyHandlers.discarding());
        } finally {
            server.stop(0);
        }
        assertThat(traceparent.get()).isNull();
    }

    @Test
    void withoutAnEndpointTheExporterIsNotZipkins() {
        assertThat(exporter.getClass().getSimpleName()).doesNotContain("Zipkin");
    }
}
