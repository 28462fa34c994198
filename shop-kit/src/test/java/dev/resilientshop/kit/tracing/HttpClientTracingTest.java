package dev.resilientshop.kit.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpClientTracingTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final AtomicReference<String> traceparent = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/scores", exchange -> {
            traceparent.set(exchange.getRequestHeaders().getFirst("traceparent"));
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        otel.close();
    }

    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/scores"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
    }

    @Test
    void anAttemptIsAClientSpanInTheCallersTraceAndItsContextTravelsAsTraceparent() throws Exception {
        var tracer = otel.getTracer("test");
        var server = tracer.spanBuilder("POST /charges").setSpanKind(SpanKind.SERVER).startSpan();
        try (var scope = server.makeCurrent()) {
            var response = new HttpClientTracing(otel).send(http, "fraud", request(), HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(503);
        } finally {
            server.end();
        }

        var client = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertThat(client.getTraceId()).isEqualTo(server.getSpanContext().getTraceId());
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanContext().getSpanId());
        assertThat(client.getName()).isEqualTo("POST");
        assertThat(client.getAttributes().get(HttpClientTracing.PEER)).isEqualTo("fraud");
        assertThat(client.getAttributes().get(HttpClientTracing.STATUS)).isEqualTo(503L);
        assertThat(client.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        // the callee sees the client span as its parent: 00-<trace>-<client span>-01
        assertThat(traceparent.get()).isEqualTo("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
    }

    @Test
    void offItSendsNoHeaderAndRecordsNothing() throws Exception {
        HttpClientTracing.noop().send(http, "fraud", request(), HttpResponse.BodyHandlers.discarding());

        assertThat(traceparent.get()).isNull();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }
}
