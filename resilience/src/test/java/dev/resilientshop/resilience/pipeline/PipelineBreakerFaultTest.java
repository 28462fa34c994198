package dev.resilientshop.resilience.pipeline;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.LogCapture;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.ResiliencePipelineTest.Http503;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * The pipeline does not rely on its breaker never throwing: the breaker reads a {@link Clock},
 * a public interface a service may implement with anything behind it. Whatever the breaker
 * throws, the bulkhead slot comes back, the call is counted, and a success still reaches its
 * caller, with the breaker's failure logged.
 */
class PipelineBreakerFaultTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final IllegalStateException clockBroken = new IllegalStateException("clock source unavailable");
    private volatile boolean broken;
    /** The pipeline's clock, for the breaker only, throwing while {@link #broken}. */
    private final Clock breakerClock = new Clock() {
        @Override
        public long nanoTime() {
            if (broken) {
                throw clockBroken;
            }
            return clock.nanoTime();
        }

        @Override
        public Instant now() {
            if (broken) {
                throw clockBroken;
            }
            return clock.now();
        }
    };

    private Deadline second() {
        return Deadline.after(ofSeconds(1), clock);
    }

    @Test
    void aBreakerThatThrowsWhileTrippingOnASlowSuccessLeavesTheCallerItsAnswerAndLogsTheFailure() {
        ResiliencePipeline p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .bulkhead(1)
                .noRetry()
                .circuitBreaker(b -> b.countBasedWindow(1)
                        .minimumNumberOfCalls(1)
                        .slowCallRateThreshold(100)
                        .slowCallDurationThreshold(ofMillis(10))
                        .clock(breakerClock))
                .build();
        broken = true; // the slow success trips the breaker, which reads the clock for its open time
        try (LogCapture log = LogCapture.of(DefaultPipeline.class)) {
            assertThat(p.<String>call(second(), d -> {
                        clock.advance(ofMillis(20));
                        return "stock";
                    }))
                    .isEqualTo("stock");
            assertThat(log.records()).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getMessage()).isEqualTo("recording the outcome of a inventory call failed");
                assertThat(r.getThrown()).isSameAs(clockBroken);
            });
        }
        PipelineSnapshot s = p.snapshot();
        assertThat(s.breakerState()).isEqualTo(State.CLOSED); // the trip failed before it changed the state
        assertThat(s.inFlight()).isZero();
        assertThat(s.calls()).isEqualTo(1);
        assertThat(s.successes()).isEqualTo(1);
    }

    @Test
    void aBreakerThatThrowsWhenAskedForAPermitGivesTheSlotBackAndCountsTheCall() {
        ResiliencePipeline p = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .bulkhead(1)
                .noRetry()
                .circuitBreaker(b -> b.consecutiveFailureThreshold(1)
                        .resetTimeout(ofSeconds(30))
                        .clock(breakerClock))
                .build();
        assertThatThrownBy(() -> p.call(second(), d -> {
                    throw new Http503();
                }))
                .isInstanceOf(Http503.class);
        assertThat(p.snapshot().breakerState()).isEqualTo(State.OPEN);

        broken = true; // the open breaker reads the clock to see whether its reset timeout is over
        assertThatThrownBy(() -> p.call(second(), d -> "never")).isSameAs(clockBroken);
        assertThat(p.snapshot().inFlight()).isZero(); // the one slot is back
        assertThat(p.snapshot().calls()).isEqualTo(2);
        CompletableFuture<String> async = p.callAsync(second(), d -> CompletableFuture.completedFuture("never"));
        assertThatThrownBy(async::join).hasCause(clockBroken);
        assertThat(p.snapshot().inFlight()).isZero();

        broken = false;
        clock.advance(ofMinutes(1)); // past the reset timeout: a probe, which needs the one slot
        assertThat(p.<String>call(second(), d -> "€12")).isEqualTo("€12");
        assertThat(p.snapshot().breakerState()).isEqualTo(State.CLOSED);
    }
}
