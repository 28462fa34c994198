package dev.resilientshop.kit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResilienceEventLogTest {

    /** Each captured event: its MDC fields as the handler saw them, and its message. */
    record Event(Map<String, Object> fields, String message) {}

    private final List<Event> events = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            events.add(new Event(new HashMap<>(MDC.getMap()), record.getMessage()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final java.util.logging.Logger jul =
            java.util.logging.Logger.getLogger("dev.resilientshop.resilience.events");

    @BeforeEach
    void listen() {
        jul.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        jul.removeHandler(capture);
    }

    @Test
    void aBreakerOpeningIsOneStructuredEvent() {
        var registry = new PipelineRegistry();
        var pipeline = registry.register(ResiliencePipeline.builder("recommendations")
                .service("product-page")
                .circuitBreaker(b -> b.consecutiveFailureThreshold(2))
                .noRetry()
                .timeout(Duration.ofSeconds(1))
                .build());
        new ResilienceEventLog(registry, "product-page").watch(pipeline);
        var deadline = Deadline.none(Clock.system());

        for (int i = 0; i < 2; i++) { // two consecutive failures: the threshold
            try {
                pipeline.call(deadline, child -> {
                    throw new IllegalStateException("boom");
                });
            } catch (RuntimeException expected) {
                // the call fails; what matters is the log
            }
        }

        var transitions = events.stream()
                .filter(e -> "circuit_breaker_transition".equals(e.fields().get("event")))
                .toList();
        assertThat(transitions).hasSize(1);
        assertThat(transitions.get(0).fields())
                .containsEntry("service", "product-page")
                .containsEntry("dependency", "recommendations")
                .containsEntry("from", "closed")
                .containsEntry("to", "open")
                .containsEntry("reason", "failure or slow-call threshold reached");
        assertThat(MDC.get("event"))
                .as("fields do not leak into later log lines")
                .isNull();
    }

    @Test
    void fallbacksAreSummarisedNotFlooded() {
        var registry = new PipelineRegistry();
        var pipeline = registry.register(ResiliencePipeline.builder("pricing")
                .service("product-page")
                .noRetry()
                .timeout(Duration.ofSeconds(1))
                .build());
        new ResilienceEventLog(registry, "product-page").watch(pipeline);
        var deadline = Deadline.none(Clock.system());

        for (int i = 0; i < 50; i++) {
            pipeline.call(
                    deadline,
                    child -> {
                        throw new IllegalStateException("pricing down");
                    },
                    FallbackChain.<String>builder()
                            .then("last-known", failure -> "4.99")
                            .build());
        }

        // 50 fallbacks within 10 s: one line now, the next only after the quiet period
        var lines = events.stream()
                .filter(e -> "fallback_served".equals(e.fields().get("event")))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).fields()).containsEntry("to", "last-known").containsEntry("dependency", "pricing");
    }
}
