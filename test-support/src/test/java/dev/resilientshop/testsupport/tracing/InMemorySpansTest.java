package dev.resilientshop.testsupport.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The span processor the tracing tests read spans from, behind a real OpenTelemetry SDK tracer. */
class InMemorySpansTest {

    private final InMemorySpans spans = new InMemorySpans(Duration.ofSeconds(2));
    private final SdkTracerProvider provider =
            SdkTracerProvider.builder().addSpanProcessor(spans).build();
    private final Tracer tracer = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aSpanIsThereTheMomentItEnds() {
        tracer.spanBuilder("GET /p/{sku}")
                .setSpanKind(SpanKind.SERVER)
                .startSpan()
                .end();

        assertThat(spans.finished()).extracting(s -> s.getName()).containsExactly("GET /p/{sku}");
        spans.clear();
        assertThat(spans.finished()).isEmpty();
    }

    @Test
    void awaitWaitsForASpanThatEndsLater() {
        var span = tracer.spanBuilder("late").startSpan();
        var ender =
                CompletableFuture.runAsync(span::end, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));

        assertThat(spans.await(s -> s.getName().equals("late"), "the late span").getName())
                .isEqualTo("late");
        ender.join();
    }

    @Test
    void awaitWithACountWaitsUntilThereAreThatMany() {
        tracer.spanBuilder("attempt").startSpan().end();
        CompletableFuture.runAsync(
                () -> tracer.spanBuilder("attempt").startSpan().end(),
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));

        assertThat(spans.await(s -> s.getName().equals("attempt"), 2, "two attempts"))
                .hasSize(2);
    }

    @Test
    void aSpanThatNeverEndsFailsWithEverySpanListed() {
        var impatient = new InMemorySpans(Duration.ofMillis(100));
        try (var other = SdkTracerProvider.builder().addSpanProcessor(impatient).build()) {
            other.get("test")
                    .spanBuilder("GET /")
                    .setAttribute("http.route", "/")
                    .startSpan()
                    .end();

            assertThatThrownBy(() -> impatient.await(s -> s.getName().equals("missing"), "the missing span"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected 1 x the missing span, found 0 in 100 ms")
                    .hasMessageContaining("GET /")
                    .hasMessageContaining("http.route=/");
        }
    }
}
