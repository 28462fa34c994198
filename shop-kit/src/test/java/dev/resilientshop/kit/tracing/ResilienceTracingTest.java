package dev.resilientshop.kit.tracing;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import dev.resilientshop.resilience.retry.Jitter;
import dev.resilientshop.resilience.retry.StatusCarrier;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A trace viewer shows what {@link ResilienceTracing} puts on the spans: these tests read the
 * spans back from the SDK's in-memory exporter, as a viewer would get them.
 */
class ResilienceTracingTest {

    static final class Http503 extends RuntimeException implements StatusCarrier {
        Http503() {
            super("503");
        }

        @Override
        public int status() {
            return 503;
        }
    }

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exported))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer remote;

    @BeforeEach
    void start() throws IOException {
        remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        remote.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            exchange.sendResponseHeaders(n < 3 ? 503 : 200, -1); // two failures, then an answer
            exchange.close();
        });
        remote.start();
    }

    @AfterEach
    void stop() {
        remote.stop(0);
        otel.close();
    }

    /**
     * One attempt to the remote, with the CLIENT span around it that the REST client
     * instrumentation opens for every request (a child of the current span).
     */
    private String attempt() {
        var span = otel.getTracer("test")
                .spanBuilder("GET")
                .setSpanKind(SpanKind.CLIENT)
                .startSpan();
        try {
            var request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + remote.getAddress().getPort() + "/prices"))
                    .GET();
            var response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 503) {
                throw new Http503();
            }
            return "prices";
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            span.end();
        }
    }

    /** Runs {@code call} inside a server span, as a request to the service would. */
    private <T> T served(Supplier<T> call) {
        var server = otel.getTracer("test")
                .spanBuilder("GET /checkout")
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        try (var scope = server.makeCurrent()) {
            return call.get();
        } finally {
            server.end();
        }
    }

    private SpanData serverSpan() {
        return exported.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER)
                .findFirst()
                .orElseThrow();
    }

    private List<SpanData> clientSpans() {
        return exported.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT)
                .toList();
    }

    private static List<String> names(SpanData span) {
        return span.getEvents().stream().map(EventData::getName).toList();
    }

    private static EventData event(SpanData span, String name, int index) {
        return span.getEvents().stream()
                .filter(e -> e.getName().equals(name))
                .skip(index)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void retriesAreEventsWithTheirAttemptAndBackoffAndEachAttemptIsAClientSpan() {
        var pipeline = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .bulkhead(5)
                .timeout(ofMillis(2000))
                .retry(r -> r.maxAttempts(3).baseDelay(ofMillis(50)).jitter(Jitter.NONE))
                .build();
        ResilienceTracing.watch(pipeline);

        String answer = served(() -> pipeline.call(Deadline.after(ofMillis(2500), clock), d -> attempt()));

        assertThat(answer).isEqualTo("prices");
        var server = serverSpan();
        assertThat(names(server)).containsExactly("call admitted", "retry", "retry");
        var admitted = event(server, "call admitted", 0);
        assertThat(admitted.getAttributes().get(ResilienceTracing.DEPENDENCY)).isEqualTo("pricing");
        assertThat(admitted.getAttributes().get(ResilienceTracing.BREAKER)).isEqualTo("closed");
        assertThat(admitted.getAttributes().get(ResilienceTracing.DEADLINE_LEFT_MS))
                .isEqualTo(2500L);
        var first = event(server, "retry", 0);
        var second = event(server, "retry", 1);
        assertThat(first.getAttributes().get(ResilienceTracing.ATTEMPT)).isEqualTo(2L);
        assertThat(second.getAttributes().get(ResilienceTracing.ATTEMPT)).isEqualTo(3L);
        assertThat(first.getAttributes().get(ResilienceTracing.BACKOFF_MS)).isEqualTo(50L);
        assertThat(second.getAttributes().get(ResilienceTracing.BACKOFF_MS)).isGreaterThan(50L);
        assertThat(first.getAttributes().get(ResilienceTracing.CAUSE)).isEqualTo("Http503");
        // three attempts, three client spans, children of the server span
        assertThat(clientSpans())
                .hasSize(3)
                .allSatisfy(c -> assertThat(c.getParentSpanId()).isEqualTo(server.getSpanId()));
    }

    @Test
    void anOpenBreakerIsARejectionEventAndNoClientSpanToTheRemote() {
        var pipeline = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .bulkhead(5)
                .timeout(ofMillis(2000))
                .noRetry()
                .build();
        ResilienceTracing.watch(pipeline);
        pipeline.circuitBreaker().forceOpen();

        var served = served(() -> pipeline.call(
                Deadline.after(ofMillis(2500), clock),
                d -> attempt(),
                FallbackChain.<String>builder()
                        .then("last-known-prices", e -> "stale prices")
                        .build()));

        assertThat(served.value()).isEqualTo("stale prices");
        assertThat(requests).hasValue(0);
        assertThat(clientSpans()).isEmpty(); // no request left: nothing that looks like a remote call
        var server = serverSpan();
        assertThat(names(server)).containsExactly("rejected: open", "fallback served");
        assertThat(event(server, "rejected: open", 0).getAttributes().get(ResilienceTracing.BREAKER))
                .isEqualTo("open");
        assertThat(event(server, "fallback served", 0).getAttributes().get(ResilienceTracing.SOURCE))
                .isEqualTo("last-known-prices");
    }

    @Test
    void theBreakerOpeningIsAnEventOnTheCallThatOpenedIt() {
        var pipeline = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .bulkhead(5)
                .timeout(ofMillis(2000))
                .noRetry()
                .circuitBreaker(b -> b.consecutiveFailureThreshold(1))
                .build();
        ResilienceTracing.watch(pipeline);

        served(() -> pipeline.call(
                Deadline.after(ofMillis(2500), clock),
                d -> attempt(),
                FallbackChain.<String>builder().then("cache", e -> "cached").build()));

        assertThat(names(serverSpan())).containsExactly("call admitted", "breaker closed -> open", "fallback served");
    }

    @Test
    void aFullBulkheadIsARejectionEvent() {
        var pipeline = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(1)
                .timeout(ofMillis(2000))
                .noRetry()
                .build();
        ResilienceTracing.watch(pipeline);
        var busy = pipeline.callAsync(Deadline.after(ofMillis(2500), clock), d -> new CompletableFuture<String>());

        served(() ->
                pipeline.callAsync(Deadline.after(ofMillis(2500), clock), d -> CompletableFuture.completedFuture("x")));

        var rejected = event(serverSpan(), "rejected: bulkhead full", 0);
        assertThat(rejected.getAttributes().get(ResilienceTracing.LIMIT)).isEqualTo(1L);
        busy.cancel(true);
    }

    @Test
    void aHedgedReadShowsTheHedgeFiredWhoWonAndTheLoserCancelled() {
        var pipeline = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(4)
                .timeout(ofMillis(2000))
                .hedging(h -> h.fixedDelay(ofMillis(40)))
                .build();
        ResilienceTracing.watch(pipeline);
        List<CompletableFuture<String>> replicas = List.of(new CompletableFuture<>(), new CompletableFuture<>());

        served(() -> {
            var read = pipeline.readAsync(Deadline.after(ofMillis(2500), clock), (replica, d) -> replicas.get(replica));
            scheduler.advance(ofMillis(40)); // the manual scheduler runs the hedge on this thread, inside the span
            replicas.get(1).complete("stock");
            return read.join();
        });

        var server = serverSpan();
        assertThat(names(server)).containsExactly("call admitted", "hedge fired", "hedge won", "hedge cancelled");
        assertThat(event(server, "hedge fired", 0).getAttributes().get(ResilienceTracing.AFTER_MS))
                .isEqualTo(40L);
        assertThat(event(server, "hedge won", 0).getAttributes().get(ResilienceTracing.ATTEMPT))
                .isEqualTo(1L);
        assertThat(event(server, "hedge cancelled", 0).getAttributes().get(ResilienceTracing.ATTEMPT))
                .isEqualTo(0L);
    }
}
