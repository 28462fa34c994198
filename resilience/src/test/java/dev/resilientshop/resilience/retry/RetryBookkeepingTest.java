package dev.resilientshop.resilience.retry;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a retry counts and reports besides the attempts themselves: budget deposits, the failure a caller sees, timers. */
class RetryBookkeepingTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Deadline generous = Deadline.none(clock);

    private static Throwable failureOf(CompletableFuture<?> result) {
        return result.handle((value, failure) -> failure).join();
    }

    private static RuntimeException unavailable() {
        return new RetryTest.HttpFailure(503);
    }

    @Test
    void everyFirstAttemptEarnsTheRatioBackAfterARetrySpentTheBudget() throws Exception {
        // one token, half a token per first attempt
        RetryConfig config = RetryConfig.builder()
                .maxAttempts(2)
                .jitter(Jitter.NONE)
                .baseDelay(ofMillis(1))
                .budget(0.5, 1)
                .build();
        Retry retry = Retry.of("pricing", config, scheduler);
        AtomicInteger requests = new AtomicInteger();
        retry.call(generous, () -> {
            if (requests.incrementAndGet() == 1) {
                throw unavailable();
            }
            return "ok";
        });
        // the first attempt's deposit found the bucket full; the retry spent its one token
        assertThat(retry.budget().balance()).isEqualTo(0.0);

        assertThat(retry.call(generous, () -> "ok")).isEqualTo("ok");
        assertThat(retry.budget().balance()).isEqualTo(0.5);

        retry.firstAttemptSucceeded(); // the pipeline's sync path reports its own successful first attempt
        assertThat(retry.budget().balance()).isEqualTo(1.0);
        assertThat(retry.firstAttempts()).isEqualTo(3);
        assertThat(retry.firstAttemptSuccesses()).isEqualTo(1);

        // the token earned back pays for the next retry
        requests.set(0);
        assertThat(retry.call(generous, () -> {
                    if (requests.incrementAndGet() == 1) {
                        throw unavailable();
                    }
                    return "again";
                }))
                .isEqualTo("again");
        assertThat(retry.retries()).isEqualTo(2);
        assertThat(retry.budgetRejections()).isZero();
        assertThat(retry.budget().balance()).isEqualTo(0.0);
    }

    @Test
    void anAttemptThatCouldNotStartReportsTheFailureOfTheAttemptBeforeIt() {
        Retry retry = Retry.of(
                "pricing",
                RetryConfig.builder()
                        .maxAttempts(2)
                        .jitter(Jitter.NONE)
                        .baseDelay(ofMillis(1))
                        .retryOn(failure -> true)
                        .build(),
                scheduler);
        RuntimeException first = unavailable();
        DeadlineExceededException noBudget = DeadlineExceededException.budgetExhausted("pricing");
        AtomicInteger requests = new AtomicInteger();
        assertThatThrownBy(() -> retry.call(generous, () -> {
                    throw requests.incrementAndGet() == 1 ? first : noBudget;
                }))
                .isSameAs(first)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(noBudget));

        // the async path reports the same
        RuntimeException firstAsync = unavailable();
        AtomicInteger asyncRequests = new AtomicInteger();
        CompletableFuture<String> result = retry.callAsync(
                generous,
                () -> CompletableFuture.failedFuture(asyncRequests.incrementAndGet() == 1 ? firstAsync : noBudget));
        scheduler.advance(ofSeconds(1));
        assertThat(result).isCompletedExceptionally();
        assertThat(failureOf(result)).isSameAs(firstAsync);
        assertThat(firstAsync.getSuppressed()).containsExactly(noBudget);
    }

    @Test
    void theSameUnstartedAttemptTwiceIsReportedAsItIsNotAsItsOwnSuppressed() {
        // a caller that rethrows one shared "no budget" exception for every attempt
        Retry retry = Retry.of(
                "pricing",
                RetryConfig.builder()
                        .maxAttempts(2)
                        .jitter(Jitter.NONE)
                        .baseDelay(ofMillis(1))
                        .retryOn(failure -> true)
                        .build(),
                scheduler);
        DeadlineExceededException noBudget = DeadlineExceededException.budgetExhausted("pricing");
        AtomicInteger requests = new AtomicInteger();
        assertThatThrownBy(() -> retry.call(generous, () -> {
                    requests.incrementAndGet();
                    throw noBudget;
                }))
                .isSameAs(noBudget);
        assertThat(requests).hasValue(2);
    }

    @Test
    void aThrowingRetryPredicateEndsAnAsyncCallWithTheFailureAndThePredicatesErrorSuppressed() {
        IllegalStateException classifierBug = new IllegalStateException("classifier bug");
        Retry retry = Retry.of(
                "pricing",
                RetryConfig.builder()
                        .retryOn(failure -> {
                            throw classifierBug;
                        })
                        .build(),
                scheduler);
        RuntimeException failure = unavailable();
        CompletableFuture<String> result = retry.callAsync(generous, () -> CompletableFuture.failedFuture(failure));
        assertThat(result).isCompletedExceptionally();
        assertThat(failureOf(result)).isSameAs(failure);
        assertThat(failure.getSuppressed()).containsExactly(classifierBug);
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void cancellingAnAsyncCallDuringTheBackoffDropsTheBackoffTimer() {
        Retry retry = Retry.of(
                "pricing",
                RetryConfig.builder()
                        .jitter(Jitter.NONE)
                        .baseDelay(ofMillis(100))
                        .build(),
                scheduler);
        AtomicInteger requests = new AtomicInteger();
        CompletableFuture<String> result = retry.callAsync(generous, () -> {
            requests.incrementAndGet();
            return CompletableFuture.failedFuture(unavailable());
        });
        assertThat(scheduler.pendingTasks()).isEqualTo(1); // the 100 ms backoff
        result.cancel(true);
        assertThat(scheduler.pendingTasks()).isZero();
        scheduler.advance(ofSeconds(1));
        assertThat(requests).hasValue(1);
        assertThat(retry.retries()).isZero();
    }

    @Test
    void aRetryShowsItsNameConfigAndBudget() {
        RetryConfig config = RetryConfig.builder().budget(0.2, 5).build();
        Retry retry = Retry.of("pricing", config, scheduler);
        assertThat(retry.name()).isEqualTo("pricing");
        assertThat(retry.config()).isSameAs(config);
        assertThat(retry.budget().ratio()).isEqualTo(0.2);
        assertThat(retry.budget().balance()).isEqualTo(5.0);
        Retry byDefault = Retry.ofDefaults("inventory", scheduler);
        assertThat(byDefault.name()).isEqualTo("inventory");
        assertThat(byDefault.config().maxAttempts()).isEqualTo(RetryConfig.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void defaultsAreThreeAttemptsFrom100MsWithFullJitterAndATenPercentBudget() {
        RetryConfig defaults = RetryConfig.ofDefaults();
        assertThat(defaults.maxAttempts()).isEqualTo(3);
        assertThat(defaults.baseDelay()).isEqualTo(ofMillis(100));
        assertThat(defaults.multiplier()).isEqualTo(2.0);
        assertThat(defaults.maxDelay()).isEqualTo(ofSeconds(30));
        assertThat(defaults.jitter()).isEqualTo(Jitter.FULL);
        assertThat(defaults.budgetRatio()).isEqualTo(0.1);
        assertThat(defaults.budgetReserve()).isEqualTo(10);
        assertThat(defaults.budgetMinRetriesPerSecond()).isZero();
    }

    @Test
    void tenAttemptsAreTheMost() {
        assertThat(RetryConfig.builder().maxAttempts(10).build().maxAttempts()).isEqualTo(10);
        assertThatThrownBy(() -> RetryConfig.builder().maxAttempts(11).build())
                .hasMessage("maxAttempts must be <= 10, but was 11");
    }
}
