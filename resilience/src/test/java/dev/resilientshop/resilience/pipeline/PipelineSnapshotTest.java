package dev.resilientshop.resilience.pipeline;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.bulkhead.BulkheadFullException;
import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.core.RandomSource;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import dev.resilientshop.resilience.fallback.FallbackChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the ops page shows: every counter of the snapshot after a scripted session, each outcome counted where it belongs. */
class PipelineSnapshotTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    private Deadline second() {
        return Deadline.after(ofSeconds(1), clock);
    }

    @Test
    void everyOutcomeOfAScriptedSessionLandsInItsOwnCounter() {
        ResiliencePipeline pricing = ResiliencePipeline.builder("pricing")
                .service("product-page")
                .scheduler(scheduler)
                .bulkhead(2)
                .timeout(ofMillis(100))
                .reserve(ofMillis(20))
                .retry(r -> r.maxAttempts(2).baseDelay(ofMillis(10)).random(RandomSource.seeded(3)))
                .circuitBreaker(b -> b.consecutiveFailureThreshold(2))
                .build();

        // 1. a success after 30 ms
        pricing.call(second(), d -> {
            clock.advance(ofMillis(30));
            return "€12";
        });
        // 2. a failure (not retryable), served from the cache
        assertThat(pricing.call(
                                second(),
                                d -> {
                                    throw new IllegalStateException("bad price");
                                },
                                FallbackChain.<String>builder()
                                        .then("cache", e -> "€11")
                                        .build())
                        .source())
                .isEqualTo("cache");
        // 3. an attempt that answers after its 100 ms timeout, then a retry that succeeds
        int[] attempts = {0};
        pricing.call(second(), d -> {
            if (attempts[0]++ == 0) {
                clock.advance(ofMillis(150));
            }
            return "€12";
        });
        // 4. a budget of 10 ms with a 20 ms reserve: never started
        assertThatThrownBy(() -> pricing.call(Deadline.after(ofMillis(10), clock), d -> "never"))
                .isInstanceOf(DeadlineExceededException.class);
        // 5. two calls hold both slots, a third is refused; the two answer after 40 ms
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> secondCall = new CompletableFuture<>();
        CompletableFuture<String> a = pricing.callAsync(second(), d -> first);
        CompletableFuture<String> b = pricing.callAsync(second(), d -> secondCall);
        assertThat(pricing.snapshot().inFlight()).isEqualTo(2);
        assertThatThrownBy(() -> pricing.call(second(), d -> "refused")).isInstanceOf(BulkheadFullException.class);
        scheduler.advance(ofMillis(40));
        first.complete("€12");
        secondCall.complete("€13");
        assertThat(a).isCompletedWithValue("€12");
        assertThat(b).isCompletedWithValue("€13");
        // 6. two failures in a row open the breaker; the next call is refused by it
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> pricing.call(second(), d -> {
                        throw new IllegalStateException("bad price");
                    }))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> pricing.call(second(), d -> "refused")).isInstanceOf(CallNotPermittedException.class);

        PipelineSnapshot s = pricing.snapshot();
        assertThat(s.service()).isEqualTo("product-page");
        assertThat(s.dependency()).isEqualTo("pricing");
        assertThat(s.at()).isEqualTo(clock.now());
        assertThat(s.breakerState()).isEqualTo(State.OPEN);
        assertThat(s.limiterKind()).isEqualTo("bulkhead");
        assertThat(s.limit()).isEqualTo(2);
        assertThat(s.inFlight()).isZero();
        assertThat(s.calls()).isEqualTo(10); // every call that arrived, refused ones included
        assertThat(s.successes()).isEqualTo(4); // 1, 3, 5a, 5b
        assertThat(s.errors()).isEqualTo(3); // 2, 6a, 6b
        assertThat(s.timeouts()).isEqualTo(1); // 3's first attempt
        assertThat(s.retries()).isEqualTo(1);
        assertThat(s.deadlineExhausted()).isEqualTo(1);
        assertThat(s.bulkheadRejections()).isEqualTo(1);
        assertThat(s.breakerRejections()).isEqualTo(1);
        assertThat(s.rejections()).isEqualTo(2);
        assertThat(s.hedges()).isZero();
        assertThat(s.fallbacks()).isEqualTo(1);
        assertThat(s.fallbacksBySource()).isEqualTo(Map.of("cache", 1L));
        // latencies of the 7 calls that reached the dependency: 0, 0, 0, 30, 40, 40 and 150 + backoff ms
        assertThat(s.p50Millis()).isBetween(30.0, 30 * 1.125);
        assertThat(s.p99Millis()).isBetween(150.0, 160 * 1.125);
    }

    /**
     * {@code calls} counts each sync call exactly once, whatever its outcome and whichever path
     * it takes: refused before a slot (budget, bulkhead, breaker), succeeded on its first
     * attempt, succeeded on a retry, failed, answered late, thrown an {@code Error}, served by a
     * fallback. Checked after every call, so a call counted twice (once on entry and once on
     * exit) or not at all fails at the call that did it.
     */
    @Test
    void everySyncCallIsCountedExactlyOnceWhateverItsOutcome() {
        ResiliencePipeline p = ResiliencePipeline.builder("pricing")
                .scheduler(scheduler)
                .bulkhead(1)
                .timeout(ofMillis(100))
                .reserve(ofMillis(20))
                .retry(r -> r.maxAttempts(2).baseDelay(ofMillis(10)).random(RandomSource.seeded(3)))
                .circuitBreaker(b -> b.consecutiveFailureThreshold(3))
                .build();
        long[] made = {0};
        Runnable counted = () -> assertThat(p.snapshot().calls())
                .as("calls after call %d", made[0] + 1)
                .isEqualTo(++made[0]);

        p.call(second(), d -> "€12"); // first attempt succeeds
        counted.run();
        int[] attempts = {0};
        p.call(
                second(),
                d -> { // first attempt late (a timeout), the retry succeeds
                    if (attempts[0]++ == 0) {
                        clock.advance(ofMillis(150));
                    }
                    return "€12";
                });
        counted.run();
        assertThatThrownBy(() -> p.call(Deadline.after(ofMillis(10), clock), d -> "never")) // budget below the reserve
                .isInstanceOf(DeadlineExceededException.class);
        counted.run();
        CompletableFuture<String> holding = new CompletableFuture<>();
        CompletableFuture<String> held = p.callAsync(second(), d -> holding); // the one slot
        made[0]++;
        assertThatThrownBy(() -> p.call(second(), d -> "refused")).isInstanceOf(BulkheadFullException.class);
        counted.run();
        holding.complete("€13");
        assertThat(held).isCompletedWithValue("€13");
        assertThatThrownBy(() -> p.call(second(), d -> {
                    throw new IllegalStateException("bad price"); // not retryable
                }))
                .isInstanceOf(IllegalStateException.class);
        counted.run();
        assertThatThrownBy(() -> p.call(second(), d -> {
                    throw new AssertionError(
                            "our own bug"); // an Error: neither a success nor an error of the dependency
                }))
                .isInstanceOf(AssertionError.class);
        counted.run();
        assertThat(p.call(
                                second(),
                                d -> {
                                    throw new IllegalStateException("bad price");
                                },
                                FallbackChain.<String>builder()
                                        .then("cache", e -> "€11")
                                        .build())
                        .source())
                .isEqualTo("cache");
        counted.run();
        assertThatThrownBy(() -> p.call(
                        second(),
                        d -> { // every attempt late: a timeout, opens the breaker (3rd failure)
                            clock.advance(ofMillis(150));
                            return "late";
                        }))
                .isInstanceOf(DeadlineExceededException.class);
        counted.run();
        assertThat(p.snapshot().breakerState()).isEqualTo(State.OPEN);
        assertThatThrownBy(() -> p.call(second(), d -> "refused")).isInstanceOf(CallNotPermittedException.class);
        counted.run();

        PipelineSnapshot s = p.snapshot();
        assertThat(s.calls()).isEqualTo(10);
        assertThat(s.successes()).isEqualTo(3); // first attempt, retry, the async call
        assertThat(s.errors()).isEqualTo(3); // not retryable, the fallback's call, all attempts late
        assertThat(s.deadlineExhausted()).isEqualTo(1);
        assertThat(s.rejections()).isEqualTo(2);
        assertThat(p.retry().firstAttempts())
                .as("first attempts: the calls that were admitted")
                .isEqualTo(7);
    }

    @Test
    void aRegistryFindsListsAndAnnouncesItsPipelines() {
        PipelineRegistry registry = new PipelineRegistry();
        List<String> announced = new ArrayList<>();
        ResiliencePipeline pricing = registry.register(
                ResiliencePipeline.builder("pricing").scheduler(scheduler).build());
        registry.forEachPipeline(
                p -> announced.add(p.dependency())); // existing ones at once, later ones when registered
        ResiliencePipeline inventory = registry.computeIfAbsent(
                "inventory",
                name -> ResiliencePipeline.builder(name).scheduler(scheduler).build());
        assertThat(announced).containsExactly("pricing", "inventory");
        assertThat(registry.computeIfAbsent("pricing", name -> {
                    throw new AssertionError("built twice");
                }))
                .isSameAs(pricing);
        assertThat(registry.get("inventory")).containsSame(inventory);
        assertThat(registry.get("fraud")).isEmpty();
        assertThat(registry.all()).containsExactlyInAnyOrder(pricing, inventory);
        assertThat(pricing.service()).isEqualTo("unknown"); // no service named: the metrics label says so
    }
}
