package dev.resilientshop.resilience.retry;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Item 16 of the review: the shop's 10% budget next to Envoy's and Finagle's 20% plus a floor. */
class RetryBudgetTest {

    private final ManualClock clock = new ManualClock();

    /** Spends every token there is; returns how many retries were allowed. */
    private static int drain(RetryBudget budget) {
        int allowed = 0;
        while (budget.tryWithdraw()) {
            allowed++;
        }
        return allowed;
    }

    /** 100 calls whose first attempt fails: each deposits, then retries while the budget allows. */
    private static int retriesOverAHundredFailingCalls(RetryBudget budget) {
        int retries = 0;
        for (int call = 0; call < 100; call++) {
            budget.deposit();
            retries += drain(budget);
        }
        return retries;
    }

    @Test
    void shopDefaultAllowsTheReserveThenOneRetryPerTenCalls() {
        RetryBudget budget = RetryBudget.ofDefaults(); // 10%, reserve 10, no floor
        assertThat(budget.ratio()).isEqualTo(0.1);
        assertThat(budget.minRetriesPerSecond()).isZero();
        assertThat(drain(budget)).isEqualTo(10); // the reserve
        assertThat(retriesOverAHundredFailingCalls(budget)).isEqualTo(10); // 100 calls × 0.1
    }

    @Test
    void envoyAndFinagleRatioAllowsTwoRetriesPerTenCalls() {
        RetryBudget budget = RetryBudget.of(RetryBudget.ENVOY_FINAGLE_RATIO, 10);
        drain(budget);
        assertThat(retriesOverAHundredFailingCalls(budget)).isEqualTo(20); // 100 calls × 0.2
    }

    @Test
    void depositsNeverFillTheBucketBeyondItsReserve() {
        RetryBudget budget = RetryBudget.of(0.5, 3);
        for (int call = 0; call < 100; call++) {
            budget.deposit(); // a healthy hour: nothing to retry, the bucket stays at its reserve
        }
        assertThat(budget.balance()).isEqualTo(3.0);
        assertThat(drain(budget)).isEqualTo(3);
    }

    @Test
    void withoutAFloorAnEmptyBudgetStaysEmptyWhateverTheTime() {
        RetryBudget budget = RetryBudget.of(0.1, 10, 0, clock);
        drain(budget);
        clock.advance(ofSeconds(60));
        assertThat(budget.tryWithdraw()).isFalse(); // only calls refill it
    }

    @Test
    void finagleFloorAllowsTenRetriesASecondWhenTheRatioBudgetIsEmpty() {
        RetryBudget budget =
                RetryBudget.of(RetryBudget.ENVOY_FINAGLE_RATIO, 10, RetryBudget.FINAGLE_MIN_RETRIES_PER_SECOND, clock);
        assertThat(drain(budget)).isEqualTo(10); // the reserve; the floor starts empty
        clock.advance(ofMillis(500)); // half a second: 5 floor tokens
        assertThat(drain(budget)).isEqualTo(5);
        clock.advance(ofSeconds(10)); // idle for 10 s: at most one second's worth is saved up
        assertThat(drain(budget)).isEqualTo(10);
        assertThat(budget.minRetriesPerSecond()).isEqualTo(10.0);
    }

    @Test
    void aFloorBelowOneASecondStillEarnsWholeRetries() {
        RetryBudget budget = RetryBudget.of(0.1, 1, 0.5, clock);
        drain(budget);
        clock.advance(ofSeconds(1));
        assertThat(budget.tryWithdraw()).isFalse(); // half a token
        clock.advance(ofSeconds(1));
        assertThat(budget.tryWithdraw()).isTrue(); // one token after 2 s
        assertThat(budget.tryWithdraw()).isFalse();
    }

    @Test
    void floorSettingsAtTheEdgesAreAccepted() {
        assertThat(RetryBudget.of(1, 1, 1_000, clock).minRetriesPerSecond()).isEqualTo(1_000.0);
        assertThat(RetryConfig.builder()
                        .budgetMinRetriesPerSecond(1_000)
                        .build()
                        .budgetMinRetriesPerSecond())
                .isEqualTo(1_000.0);
        assertThat(RetryConfig.builder().budgetMinRetriesPerSecond(0).build().budgetMinRetriesPerSecond())
                .isZero();
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> RetryBudget.of(0, 10)).hasMessage("ratio must be in (0, 1], but was 0");
        assertThatThrownBy(() -> RetryBudget.of(0.1, 0)).hasMessage("reserve must be >= 1, but was 0");
        assertThatThrownBy(() -> RetryBudget.of(0.1, 10, -1, clock))
                .hasMessage("minRetriesPerSecond must be in [0, 1000], but was -1.0");
        assertThatThrownBy(() ->
                        RetryConfig.builder().budgetMinRetriesPerSecond(1_001).build())
                .hasMessage("budgetMinRetriesPerSecond must be in [0, 1000], but was 1001.0");
    }

    @Test
    void retryUsesTheConfiguredFloorOnItsSchedulersClock() {
        Retry retry = Retry.of(
                "inventory",
                RetryConfig.builder()
                        .maxAttempts(2)
                        .baseDelay(ofMillis(1))
                        .maxDelay(ofMillis(1))
                        .budget(0.1, 1)
                        .budgetMinRetriesPerSecond(2)
                        .build(),
                new ManualScheduler(clock));
        AtomicInteger requests = new AtomicInteger();
        Deadline generous = Deadline.none(clock);
        for (int call = 0; call < 5; call++) {
            try {
                retry.call(generous, () -> {
                    requests.incrementAndGet();
                    throw new java.net.ConnectException("refused");
                });
            } catch (Exception expected) {
                // every call fails
            }
        }
        // 5 first attempts + 1 retry from the reserve (0.5 token earned: not a whole one); the floor is still empty
        assertThat(requests.get()).isEqualTo(6);
        clock.advance(ofSeconds(1)); // the floor earns 2 retries
        for (int call = 0; call < 3; call++) {
            try {
                retry.call(generous, () -> {
                    requests.incrementAndGet();
                    throw new java.net.ConnectException("refused");
                });
            } catch (Exception expected) {
                // every call fails
            }
        }
        assertThat(requests.get()).isEqualTo(6 + 3 + 2);
    }
}
