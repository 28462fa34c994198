package dev.resilientshop.kit.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the start-up warm-up of the REST clients counts as warm, and when it stops. */
class ClientWarmUpTest {

    @Test
    void anErrorAnswerCountsARefusedConnectionDoesNotAndABurstFollows() {
        var pricing = new AtomicInteger();
        var inventory = new AtomicInteger();
        var answers = new ClientWarmUp()
                .call("pricing", () -> Uni.createFrom().item(() -> pricing.incrementAndGet()))
                .call(
                        "inventory",
                        () -> Uni.createFrom().failure(() -> {
                            inventory.incrementAndGet();
                            return ProblemAnswers.of("inventory", 404, null); // an answer: the dependency is there
                        }))
                .run(Duration.ofSeconds(5));
        assertThat(answers)
                .containsEntry("pricing", ClientWarmUp.ANSWERS)
                .containsEntry("inventory", ClientWarmUp.ANSWERS);
        assertThat(pricing).hasValue(ClientWarmUp.ANSWERS + ClientWarmUp.BURST);
        assertThat(inventory).hasValue(ClientWarmUp.ANSWERS + ClientWarmUp.BURST);
    }

    @Test
    void aDependencyThatNeverAnswersIsGivenUpAfterTheMaximum() {
        var tries = new AtomicInteger();
        long start = System.nanoTime();
        var answers = new ClientWarmUp()
                .call(
                        "payment",
                        () -> Uni.createFrom().failure(() -> {
                            tries.incrementAndGet();
                            return new ConnectException("refused");
                        }))
                .run(Duration.ofMillis(600));
        assertThat(answers).containsEntry("payment", 0);
        assertThat(tries.get()).as("tried again while the maximum lasted").isGreaterThan(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
}
