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
import dev.resilientshop.resilience.fallback.Served;
import dev.resilientshop.resilience.limit.AimdConfig;
import dev.resilientshop.resilience.limit.Limit;
import dev.resilientshop.resilience.retry.StatusCarrier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResiliencePipelineTest {

    static final class Http503 extends RuntimeException implements StatusCarrier {
        Http503() {
            super("503 Service Unavailable");
        }

        @Override
        public int status() {
            return 503;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    private PipelineBuilder recommendations() {
        return ResiliencePipeline.builder("recommendations")
                .service("product-page")
                .scheduler(scheduler)
                .bulkhead(50)
                .retry(r -> r.random(RandomSource.seeded(1)))
                .timeout(ofMillis(200));
    }

    private Deadline page() {
        return Deadline.after(ofMillis(500), clock); // seed 002: the page's 500 ms budget
    }

    @Test
    void oneCallIsOneBreakerOutcomeHoweverManyAttemptsItTook() {
        ResiliencePipeline p = recommendations()
                .circuitBreaker(b -> b.consecutiveFailureThreshold(2))
                .build();
        AtomicInteger requests = new AtomicInteger();
        String result = p.call(page(), d -> {
            if (requests.incrementAndGet() < 3) {
                throw new Http503();
            }
            return "recs";
        });
        assertThat(result).isEqualTo("recs");
        // 1 call = 1 attempt + 2 retries = 3 requests; the breaker saw 1 success, not 2 failures
        assertThat(requests).hasValue(3);
        assertThat(p.circuitBreaker().state()).isEqualTo(State.CLOSED);
        PipelineSnapshot s = p.snapshot();
        assertThat(s.calls()).isEqualTo(1);
        assertThat(s.successes()).isEqualTo(1);
        assertThat(s.retries()).isEqualTo(2);
        assertThat(s.inFlight()).isZero(); // the bulkhead slot was released
    }

    @Test
    void opensAfterFiveConsecutiveTimeoutsAndThenServesTheFallbackFast() {
        ResiliencePipeline p = recommendations().noRetry().build();
        FallbackChain<String> fallback = FallbackChain.<String>builder()
                .then("cache", cause -> {
                    throw new IllegalStateException("cache miss");
                })
                .then("popular", cause -> "popular items")
                .build();
        List<Served<String>> served = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            served.add(p.call(
                    page(),
                    d -> {
                        clock.advance(ofMillis(250)); // 4.8 s in the incident; here past the 200 ms call timeout
                        return "too late";
                    },
                    fallback));
        }
        assertThat(p.circuitBreaker().state()).isEqualTo(State.OPEN); // seed 002: open after 5 consecutive timeouts
        assertThat(served).allSatisfy(s -> assertThat(s.value()).isEqualTo("popular items"));
        assertThat(served.get(0).reason())
                .isInstanceOf(IllegalStateException.class); // the cache miss that led to "popular"
        assertThat(served.get(0).reason().getSuppressed()[0]).isInstanceOf(DeadlineExceededException.class);
        assertThat(served.get(5).reason().getSuppressed()[0]).isInstanceOf(CallNotPermittedException.class);
        PipelineSnapshot s = p.snapshot();
        // 6 calls: 5 timed out (5 × 250 ms of simulated waiting), the 6th rejected in no time
        assertThat(s.timeouts()).isEqualTo(5);
        assertThat(s.breakerRejections()).isEqualTo(1);
        assertThat(s.fallbacks()).isEqualTo(6);
        assertThat(s.fallbacksBySource()).containsEntry("popular", 6L);
        assertThat(clock.nanoTime()).isEqualTo(ofMillis(5 * 250).toNanos());
    }

    @Test
    void fullBulkheadRejectsBeforeTheBreakerIsAsked() {
        ResiliencePipeline p = recommendations().bulkhead(1).build();
        CompletableFuture<String> hanging = new CompletableFuture<>();
        p.callAsync(page(), d -> hanging);
        assertThatThrownBy(() -> p.call(page(), d -> "second")).isInstanceOf(BulkheadFullException.class);
        assertThat(p.snapshot().bulkheadRejections()).isEqualTo(1);
        assertThat(p.snapshot().inFlight()).isEqualTo(1);
        assertThat(p.snapshot().limit()).isEqualTo(1);
    }

    @Test
    void asyncCallsTimeOutAndRetryOnTheSchedulerWithinTheDeadline() {
        ResiliencePipeline p = recommendations()
                .retry(r -> r.maxAttempts(3).baseDelay(ofMillis(10)).random(RandomSource.seeded(5)))
                .build();
        List<Long> startedAtMs = new ArrayList<>();
        List<Long> attemptEndsAtMs = new ArrayList<>();
        CompletableFuture<String> result = p.callAsync(page(), d -> {
            long now = clock.nanoTime() / 1_000_000;
            startedAtMs.add(now);
            attemptEndsAtMs.add(now + d.remaining().toMillis());
            return new CompletableFuture<>(); // the dependency hangs
        });
        assertThat(result).isNotDone(); // nothing blocked: the call is waiting on the scheduler
        while (!result.isDone() && clock.nanoTime() < ofSeconds(2).toNanos()) {
            scheduler.advance(ofMillis(1));
        }
        long doneAtMs = clock.nanoTime() / 1_000_000;
        assertThat(result).isCompletedExceptionally();
        // 500 ms budget: attempt 1 times out at 200 ms, attempt 2 starts after it (+ ≤ 10 ms backoff)
        // and times out by 410 ms, attempt 3 (if any) gets only what is left of the budget
        assertThat(startedAtMs).hasSizeBetween(2, 3);
        assertThat(startedAtMs.get(0)).isZero();
        assertThat(startedAtMs.get(1))
                .as("attempt 2 starts once attempt 1 timed out")
                .isBetween(200L, 210L);
        assertThat(attemptEndsAtMs.get(0)).as("attempt 1's own 200 ms timeout").isEqualTo(200L);
        assertThat(attemptEndsAtMs)
                .as("no attempt may outlive the page's budget")
                .allMatch(end -> end <= 500);
        assertThat(doneAtMs)
                .as("the caller hears back within its budget, not after 3 × 200 ms")
                .isBetween(400L, 500L);
        assertThat(p.snapshot().timeouts()).isEqualTo(startedAtMs.size());
    }

    @Test
    void hedgedReadGoesToTheSecondReplicaWhenThePrimaryIsSlow() {
        ResiliencePipeline p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .timeout(ofMillis(200))
                .hedging(h -> h.fixedDelay(ofMillis(30)))
                .build();
        CompletableFuture<String> primary = new CompletableFuture<>();
        CompletableFuture<String> result = p.readAsync(
                page(), (replica, d) -> replica == 0 ? primary : CompletableFuture.completedFuture("stock from 8092"));
        scheduler.advance(ofMillis(30));
        assertThat(result).isCompletedWithValue("stock from 8092");
        assertThat(primary).isCancelled();
        assertThat(p.snapshot().hedges()).isEqualTo(1);
    }

    @Test
    void hedgedReadWithAFallbackServesTheSnapshotWhenBothReplicasAreDownAndCountsIt() {
        ResiliencePipeline p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .timeout(ofMillis(200))
                .noRetry()
                .hedging(h -> h.fixedDelay(ofMillis(30)))
                .build();
        FallbackChain<String> snapshot = FallbackChain.<String>builder()
                .then("snapshot", cause -> {
                    if (cause instanceof IllegalArgumentException notFound) {
                        throw notFound; // an unknown SKU is not an outage: no snapshot for it
                    }
                    return "stock from the Redis snapshot";
                })
                .build();
        var events = new ArrayList<PipelineEvent>();
        p.onEvent(events::add);

        CompletableFuture<Served<String>> down =
                p.readAsync(page(), (replica, d) -> CompletableFuture.failedFuture(new Http503()), snapshot);
        CompletableFuture<Served<String>> healthy =
                p.readAsync(page(), (replica, d) -> CompletableFuture.completedFuture("37"), snapshot);
        CompletableFuture<Served<String>> unknown = p.readAsync(
                page(),
                (replica, d) -> CompletableFuture.failedFuture(new IllegalArgumentException("no such SKU")),
                snapshot);

        assertThat(down.join().value()).isEqualTo("stock from the Redis snapshot");
        assertThat(down.join().source()).isEqualTo("snapshot");
        assertThat(down.join().reason()).isInstanceOf(Http503.class);
        assertThat(healthy.join().source()).isEqualTo("inventory");
        assertThat(unknown).isCompletedExceptionally();
        assertThat(p.snapshot().fallbacks()).isEqualTo(1);
        assertThat(p.snapshot().fallbacksBySource()).containsExactly(java.util.Map.entry("snapshot", 1L));
        assertThat(events)
                .filteredOn(PipelineEvent.FallbackServed.class::isInstance)
                .hasSize(1);
    }

    @Test
    void adaptiveLimitReplacesTheBulkheadAndShowsInTheSnapshot() {
        ResiliencePipeline p = ResiliencePipeline.builder("inventory")
                .scheduler(scheduler)
                .timeout(ofMillis(200))
                .noRetry()
                .adaptiveLimit(Limit.aimd(
                        AimdConfig.builder().initialLimit(10).clock(clock).build()))
                .build();
        List<CompletableFuture<String>> hanging = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            hanging.add(p.callAsync(page(), d -> new CompletableFuture<String>()));
        }
        // the adaptive limit, not a fixed bulkhead, decides admission: the 11th call is refused at once
        assertThatThrownBy(() -> p.call(page(), d -> "eleventh")).isInstanceOf(BulkheadFullException.class);
        PipelineSnapshot s = p.snapshot();
        assertThat(s.limiterKind()).isEqualTo("adaptive");
        assertThat(s.inFlight()).isEqualTo(10);
        assertThat(s.bulkheadRejections()).isEqualTo(1);

        scheduler.advance(ofMillis(250)); // all ten time out: drops, each one a multiplicative cut
        assertThat(hanging).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
        PipelineSnapshot after = p.snapshot();
        assertThat(after.inFlight()).isZero();
        assertThat(after.limit())
                .as("the snapshot shows the live limit, cut by the timeouts")
                .isLessThan(10)
                .isEqualTo(p.limiter().limit());
    }

    @Test
    void registryListsSnapshotsByDependencyAndRefusesDuplicates() {
        PipelineRegistry registry = new PipelineRegistry();
        registry.register(recommendations().build());
        registry.computeIfAbsent(
                "inventory",
                name -> ResiliencePipeline.builder(name).scheduler(scheduler).build());
        registry.computeIfAbsent("inventory", name -> {
            throw new AssertionError("built twice");
        });
        assertThat(registry.snapshots())
                .extracting(PipelineSnapshot::dependency)
                .containsExactly("inventory", "recommendations");
        assertThat(registry.get("inventory")).isPresent();
        assertThatThrownBy(() -> registry.register(recommendations().build()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void snapshotReportsRecentLatencyPercentiles() {
        ResiliencePipeline p = recommendations().build();
        for (int i = 1; i <= 100; i++) {
            int ms = i;
            p.call(Deadline.none(clock), d -> {
                clock.advance(ofMillis(ms));
                return "ok";
            });
        }
        PipelineSnapshot s = p.snapshot();
        // calls took 1..100 ms: p50 ≈ 50 ms, p99 ≈ 99 ms, each within a 12.5% bucket
        assertThat(s.p50Millis()).isBetween(50.0, 50 * 1.125);
        assertThat(s.p99Millis()).isBetween(99.0, 99 * 1.125);
    }
}
