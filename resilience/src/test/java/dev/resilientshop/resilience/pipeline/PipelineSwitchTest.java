package dev.resilientshop.resilience.pipeline;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.limit.AimdConfig;
import dev.resilientshop.resilience.limit.Limit;
import dev.resilientshop.resilience.retry.StatusCarrier;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each layer switched off on its own, while the pipeline runs, and reset(). */
class PipelineSwitchTest {

    static final class Http503 extends RuntimeException implements StatusCarrier {
        Http503() {
            super("503");
        }

        @Override
        public int status() {
            return 503;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Set<Layer> off = EnumSet.noneOf(Layer.class);

    private PipelineBuilder pipeline() {
        return ResiliencePipeline.builder("dep")
                .service("svc")
                .scheduler(scheduler)
                .bulkhead(2)
                .retry(r -> r.maxAttempts(3).baseDelay(ofMillis(1)))
                .timeout(ofMillis(100))
                .circuitBreaker(b -> b.consecutiveFailureThreshold(2))
                .switchedOff(off::contains);
    }

    private Deadline deadline() {
        return Deadline.after(ofMillis(500), clock);
    }

    private static String fail(Deadline d) {
        throw new Http503();
    }

    @Test
    void withTheBreakerOffEveryCallGoesThroughAndTheBreakerRecordsNothing() {
        var p = pipeline().noRetry().build();
        off.add(Layer.BREAKER);
        AtomicInteger requests = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> p.call(deadline(), d -> {
                        requests.incrementAndGet();
                        return fail(d);
                    }))
                    .isInstanceOf(Http503.class);
        }
        assertThat(requests).hasValue(5);
        assertThat(p.circuitBreaker().state()).isEqualTo(State.CLOSED);
        assertThat(p.snapshot().breakerRejections()).isZero();

        off.clear(); // on again: two failures open it, the third call is refused without a request
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> p.call(deadline(), PipelineSwitchTest::fail))
                    .isInstanceOf(Http503.class);
        }
        assertThatThrownBy(() -> p.call(deadline(), d -> {
                    requests.incrementAndGet();
                    return "x";
                }))
                .isInstanceOf(CallNotPermittedException.class);
        assertThat(requests).hasValue(5);
    }

    @Test
    void withRetryOffOneAttempt() {
        var p = pipeline()
                .circuitBreaker(b -> b.consecutiveFailureThreshold(100))
                .build();
        AtomicInteger requests = new AtomicInteger();
        off.add(Layer.RETRY);
        assertThatThrownBy(() -> p.call(deadline(), d -> {
            requests.incrementAndGet();
            return fail(d);
        }));
        assertThat(requests).hasValue(1);
        off.clear();
        assertThatThrownBy(() -> p.call(deadline(), d -> {
            requests.incrementAndGet();
            return fail(d);
        }));
        assertThat(requests).hasValue(1 + 3);
    }

    @Test
    void withTheTimeoutOffTheAttemptHasNoDeadlineAndNoTimer() throws Exception {
        var p = pipeline().build();
        off.add(Layer.TIMEOUT);
        var pending = new CompletableFuture<String>();
        Deadline[] seen = new Deadline[1];
        var call = p.callAsync(Deadline.after(ofMillis(50), clock), d -> {
            seen[0] = d;
            return pending;
        });
        scheduler.advance(ofMillis(5_000));
        assertThat(call).isNotDone();
        assertThat(seen[0].isUnbounded()).isTrue();
        pending.complete("late");
        assertThat(call.get()).isEqualTo("late");

        off.clear();
        var bounded = p.callAsync(deadline(), d -> new CompletableFuture<String>());
        scheduler.advance(ofMillis(600));
        assertThatThrownBy(bounded::get).hasCauseInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void withTheLimitOffEveryCallIsAdmitted() {
        var p = pipeline().build();
        off.add(Layer.LIMIT);
        for (int i = 0; i < 5; i++) {
            p.callAsync(deadline(), d -> new CompletableFuture<String>());
        }
        assertThat(p.snapshot().bulkheadRejections()).isZero();
        off.clear();
        p.callAsync(deadline(), d -> new CompletableFuture<String>());
        p.callAsync(deadline(), d -> new CompletableFuture<String>());
        assertThat(p.callAsync(deadline(), d -> new CompletableFuture<String>()))
                .isCompletedExceptionally();
        assertThat(p.snapshot().bulkheadRejections()).isEqualTo(1);
    }

    @Test
    void withHedgingOffAReadIsOneAttempt() {
        var p = pipeline().hedging(h -> h.fixedDelay(ofMillis(10))).build();
        AtomicInteger attempts = new AtomicInteger();
        off.add(Layer.HEDGING);
        p.readAsync(deadline(), (i, d) -> {
            attempts.incrementAndGet();
            return new CompletableFuture<String>();
        });
        scheduler.advance(ofMillis(50));
        assertThat(attempts).hasValue(1);
        assertThat(p.hedges()).isZero();
        off.clear();
        p.readAsync(deadline(), (i, d) -> {
            attempts.incrementAndGet();
            return new CompletableFuture<String>();
        });
        scheduler.advance(ofMillis(50));
        assertThat(attempts).hasValue(3);
        assertThat(p.hedges()).isEqualTo(1);
    }

    @Test
    void withTheFallbackOffTheFailureSurfaces() throws Exception {
        var p = pipeline().noRetry().build();
        var fallback =
                FallbackChain.<String>builder().then("cache", e -> "cached").build();
        off.add(Layer.FALLBACK);
        assertThatThrownBy(() -> p.call(deadline(), PipelineSwitchTest::fail, fallback))
                .isInstanceOf(Http503.class);
        var async = p.callAsync(deadline(), d -> CompletableFuture.<String>failedFuture(new Http503()), fallback);
        assertThatThrownBy(async::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(Http503.class);
        off.clear();
        p.circuitBreaker().reset(); // the two failures above opened it
        assertThat(p.call(deadline(), PipelineSwitchTest::fail, fallback).source())
                .isEqualTo("cache");
    }

    @Test
    void resetClosesTheBreakerRestoresTheLimitAndForgetsTheHedgeHistory() {
        var aimd = Limit.aimd(AimdConfig.builder()
                .initialLimit(40)
                .minLimit(5)
                .maxLimit(100)
                .clock(clock)
                .build());
        var p = ResiliencePipeline.builder("dep")
                .scheduler(scheduler)
                .adaptiveLimit(aimd)
                .noRetry()
                .circuitBreaker(b -> b.consecutiveFailureThreshold(2))
                .build();
        for (int i = 0; i < 3; i++) {
            p.callAsync(deadline(), d -> CompletableFuture.<String>failedFuture(new Http503()));
        }
        assertThat(p.circuitBreaker().state()).isEqualTo(State.OPEN);
        assertThat(p.limiter().limit()).isLessThan(40);
        assertThat(p.readAsync(deadline(), (i, d) -> CompletableFuture.completedFuture("x")))
                .isCompletedExceptionally();
        p.reset();
        assertThat(p.readAsync(deadline(), (i, d) -> CompletableFuture.completedFuture("x")))
                .isCompletedWithValue("x");
        assertThat(p.circuitBreaker().state()).isEqualTo(State.CLOSED);
        assertThat(p.limiter().limit()).isEqualTo(40);
        p.reset();
        assertThat(p.snapshot().calls()).as("counters stay: they are metrics").isEqualTo(5);
    }

    @Test
    void resetForgetsTheHedgeDelaysHistory() {
        var hedging = dev.resilientshop.resilience.hedge.Hedging.forIdempotentReads(
                "dep",
                dev.resilientshop.resilience.hedge.HedgeConfig.builder()
                        .percentileDelay(0.95, ofMillis(20))
                        .minSamples(1)
                        .clock(clock)
                        .build(),
                scheduler,
                () -> true);
        hedging.call(i -> {
            clock.advance(ofMillis(300));
            return CompletableFuture.completedFuture("slow");
        });
        assertThat(hedging.currentDelayNanos()).isGreaterThan(ofMillis(250).toNanos());
        hedging.reset();
        assertThat(hedging.currentDelayNanos()).isEqualTo(ofMillis(20).toNanos());
    }
}
