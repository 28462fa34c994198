package dev.resilientshop.resilience.deadline;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    @Test
    void budgetShrinksAsTimePasses() {
        Deadline page = Deadline.after(ofMillis(500), clock); // seed 002: 500 ms page budget
        clock.advance(ofMillis(200));
        assertThat(page.remaining()).isEqualTo(ofMillis(300));
        clock.advance(ofMillis(400));
        assertThat(page.remaining()).isZero();
        assertThat(page.isExpired()).isTrue();
    }

    @Test
    void childIsTheSmallerOfWhatIsLeftMinusReserveAndTheCallsOwnTimeout() {
        Deadline page = Deadline.after(ofMillis(500), clock);
        assertThat(page.child(ofMillis(200), ofMillis(50)).remaining()).isEqualTo(ofMillis(200)); // min(450, 200)
        clock.advance(ofMillis(350));
        assertThat(page.child(ofMillis(200), ofMillis(50)).remaining()).isEqualTo(ofMillis(100)); // min(150 − 50, 200)
        clock.advance(ofMillis(120));
        assertThat(page.child(ofMillis(200), ofMillis(50)).remaining()).isZero(); // 30 − 50 < 0: nothing left
    }

    @Test
    void travelsAsRemainingMillisecondsInOneHeader() {
        Deadline page = Deadline.after(ofMillis(500), clock);
        clock.advance(ofMillis(123));
        assertThat(Deadline.HEADER).isEqualTo("X-Request-Budget-Ms");
        assertThat(page.toHeaderValue()).isEqualTo("377");
        Deadline received = Deadline.fromHeader("377", ofSeconds(1), ofSeconds(10), clock);
        assertThat(received.remaining()).isEqualTo(ofMillis(377));
        assertThat(Deadline.fromHeader("garbage", ofSeconds(1), ofSeconds(10), clock).remaining()).isEqualTo(ofSeconds(1));
        assertThat(Deadline.fromHeader(null, ofSeconds(1), ofSeconds(10), clock).remaining()).isEqualTo(ofSeconds(1));
        assertThat(Deadline.fromHeader("3600000", ofSeconds(1), ofSeconds(10), clock).remaining()).isEqualTo(ofSeconds(10));
    }

    @Test
    void asyncTimeoutFailsTheCallAndCancelsTheUnderlyingFuture() {
        CompletableFuture<String> hanging = new CompletableFuture<>();
        CompletableFuture<String> guarded = Timeout.within("recommendations", Deadline.after(ofMillis(200), clock), scheduler,
                () -> hanging);
        scheduler.advance(ofMillis(199));
        assertThat(guarded).isNotDone();
        scheduler.advance(ofMillis(1));
        assertThatThrownBy(guarded::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DeadlineExceededException.class).hasMessage("recommendations timed out after 200 ms");
        assertThat(hanging).isCancelled(); // frees the connection when the client honours cancellation
    }

    @Test
    void asyncTimeoutPassesAnEarlyResultAndCancelsItsTimer() {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> guarded = Timeout.within("pricing", Deadline.after(ofMillis(200), clock), scheduler, () -> call);
        call.complete("€12");
        assertThat(guarded).isCompletedWithValue("€12");
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void syncTimeoutTurnsALateResultIntoATimeout() {
        Deadline d = Deadline.after(ofMillis(100), clock);
        assertThatThrownBy(() -> Timeout.call("fraud", d, deadline -> {
            clock.advance(ofMillis(150)); // the call ignored its deadline
            return "late";
        })).isInstanceOf(DeadlineExceededException.class);
        String onTime = Timeout.call("fraud", Deadline.after(ofMillis(100), clock), deadline -> "on time");
        assertThat(onTime).isEqualTo("on time");
    }

    @Test
    void aNoTimeoutBudgetSaturatesInsteadOfOverflowingIntoThePast() {
        clock.advance(ofSeconds(1)); // System.nanoTime() is rarely zero; now + Long.MAX_VALUE overflowed
        Deadline forever = Deadline.after(java.time.Duration.ofNanos(Long.MAX_VALUE), clock);
        assertThat(forever.isExpired()).isFalse();
        assertThat(forever.remainingNanos()).isGreaterThan(ofSeconds(1_000_000).toNanos());
        Deadline child = Deadline.after(ofMillis(500), clock).child(java.time.Duration.ofNanos(Long.MAX_VALUE), ofMillis(100));
        assertThat(child.remaining()).isEqualTo(ofMillis(400)); // the parent's budget minus the reserve, not zero
        Deadline unboundedChild = Deadline.none(clock).child(java.time.Duration.ofNanos(Long.MAX_VALUE), ofMillis(100));
        assertThat(unboundedChild.isExpired()).isFalse();
        assertThat(Deadline.after(java.time.Duration.ofSeconds(Long.MAX_VALUE), clock).isExpired()).isFalse(); // toNanos() would throw
    }
}
