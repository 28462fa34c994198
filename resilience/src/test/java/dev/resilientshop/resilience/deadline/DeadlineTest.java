package dev.resilientshop.resilience.deadline;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import java.time.Duration;
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

    /** The sync pipeline passes a deadline on as its numbers and makes it again from them. */
    @Test
    void madeAgainFromItsNumbersItIsTheSameDeadline() {
        Deadline page = Deadline.after(ofMillis(500), clock);
        clock.advance(ofMillis(120));
        Deadline copy = Deadline.of(page.clock(), page.createdAtNanos(), page.expiresAtNanos());
        clock.advance(ofMillis(30));
        assertThat(copy.remaining()).isEqualTo(page.remaining()).isEqualTo(ofMillis(350));
        assertThat(copy.budget()).isEqualTo(page.budget()).isEqualTo(ofMillis(500));
        assertThat(copy.withReserve(ofMillis(600)).remaining())
                .isEqualTo(page.withReserve(ofMillis(600)).remaining())
                .isZero();
        assertThat(copy.isExpiredAt(clock.nanoTime() + ofMillis(300).toNanos(), ofMillis(100)))
                .isEqualTo(page.isExpiredAt(clock.nanoTime() + ofMillis(300).toNanos(), ofMillis(100)))
                .isTrue();
        Deadline none = Deadline.none(clock);
        assertThat(Deadline.of(clock, none.createdAtNanos(), none.expiresAtNanos())
                        .isUnbounded())
                .isTrue();
    }

    @Test
    void aDeadlineMadeLaterKnowsWhenAndExpiresAtItsLastNanosecond() {
        clock.advance(ofSeconds(5)); // not made at the clock's zero
        long made = clock.nanoTime();
        Deadline page = Deadline.after(ofMillis(500), clock);
        assertThat(page.createdAtNanos()).isEqualTo(made);
        long expires = made + ofMillis(500).toNanos();
        assertThat(page.expiresAtNanos()).isEqualTo(expires);
        assertThat(Deadline.of(clock, page.createdAtNanos(), page.expiresAtNanos())
                        .budget())
                .isEqualTo(ofMillis(500));
        // read once by the sync pipeline: the same answer as isExpired() at that instant
        assertThat(page.isExpiredAt(expires - 1)).isFalse();
        assertThat(page.isExpiredAt(expires)).isTrue();
        clock.advance(ofMillis(500));
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
        assertThat(Deadline.fromHeader("garbage", ofSeconds(1), ofSeconds(10), clock)
                        .remaining())
                .isEqualTo(ofSeconds(1));
        assertThat(Deadline.fromHeader(null, ofSeconds(1), ofSeconds(10), clock).remaining())
                .isEqualTo(ofSeconds(1));
        assertThat(Deadline.fromHeader("3600000", ofSeconds(1), ofSeconds(10), clock)
                        .remaining())
                .isEqualTo(ofSeconds(10));
    }

    @Test
    void asyncTimeoutFailsTheCallAndCancelsTheUnderlyingFuture() {
        CompletableFuture<String> hanging = new CompletableFuture<>();
        CompletableFuture<String> guarded =
                Timeout.within("recommendations", Deadline.after(ofMillis(200), clock), scheduler, () -> hanging);
        scheduler.advance(ofMillis(199));
        assertThat(guarded).isNotDone();
        scheduler.advance(ofMillis(1));
        assertThatThrownBy(guarded::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessage("recommendations timed out after 200 ms");
        assertThat(hanging).isCancelled(); // frees the connection when the client honours cancellation
    }

    @Test
    void asyncTimeoutPassesAnEarlyResultAndCancelsItsTimer() {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> guarded =
                Timeout.within("pricing", Deadline.after(ofMillis(200), clock), scheduler, () -> call);
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
                }))
                .isInstanceOf(DeadlineExceededException.class);
        String onTime = Timeout.call("fraud", Deadline.after(ofMillis(100), clock), deadline -> "on time");
        assertThat(onTime).isEqualTo("on time");
    }

    @Test
    void aNoTimeoutBudgetSaturatesInsteadOfOverflowingIntoThePast() {
        clock.advance(ofSeconds(1)); // System.nanoTime() is rarely zero; now + Long.MAX_VALUE overflowed
        Deadline forever = Deadline.after(java.time.Duration.ofNanos(Long.MAX_VALUE), clock);
        assertThat(forever.isExpired()).isFalse();
        assertThat(forever.remainingNanos()).isGreaterThan(ofSeconds(1_000_000).toNanos());
        Deadline child =
                Deadline.after(ofMillis(500), clock).child(java.time.Duration.ofNanos(Long.MAX_VALUE), ofMillis(100));
        assertThat(child.remaining()).isEqualTo(ofMillis(400)); // the parent's budget minus the reserve, not zero
        Deadline unboundedChild = Deadline.none(clock).child(java.time.Duration.ofNanos(Long.MAX_VALUE), ofMillis(100));
        assertThat(unboundedChild.isExpired()).isFalse();
        assertThat(Deadline.after(java.time.Duration.ofSeconds(Long.MAX_VALUE), clock)
                        .isExpired())
                .isFalse(); // toNanos() would throw
    }

    @Test
    void aTimeoutSaysHowLongTheAttemptRanMeasuredFromItsOwnStart() {
        clock.advance(ofSeconds(5)); // the attempt starts at 5 s, not at the clock's origin
        CompletableFuture<String> guarded =
                Timeout.within("inventory", Deadline.after(ofMillis(300), clock), scheduler, CompletableFuture::new);
        scheduler.advance(ofMillis(300));
        assertThatThrownBy(guarded::get).cause().isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
            assertThat(e).hasMessage("inventory timed out after 300 ms");
            assertThat(e.isCallTimeout()).isTrue();
        });
        assertThatThrownBy(() -> Timeout.call("fraud", Deadline.after(ofMillis(100), clock), d -> {
                    clock.advance(ofMillis(150));
                    return "late";
                }))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessage("fraud timed out after 100 ms");
    }

    @Test
    void anExpiredBudgetFailsAtOnceWithoutStartingTheCall() {
        Deadline spent = Deadline.after(ofMillis(100), clock);
        clock.advance(ofMillis(100));
        int[] started = {0};
        CompletableFuture<String> async = Timeout.within("pricing", spent, scheduler, () -> {
            started[0]++;
            return new CompletableFuture<>();
        });
        assertThatThrownBy(async::get).cause().isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
            assertThat(e).hasMessage("request budget exhausted before pricing");
            assertThat(e.isCallTimeout()).isFalse(); // no attempt ran out of time: the caller's budget did
        });
        assertThatThrownBy(() -> Timeout.call("pricing", spent, d -> {
                    started[0]++;
                    return "sent";
                }))
                .isInstanceOfSatisfying(
                        DeadlineExceededException.class,
                        e -> assertThat(e.isCallTimeout()).isFalse());
        assertThat(started[0]).isZero();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void anAsyncCallKeepsItsOwnFailureAndItsCallersCancellationReachesIt() {
        Deadline budget = Deadline.after(ofMillis(200), clock);
        IllegalStateException refused = new IllegalStateException("503");
        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletableFuture<String> guarded = Timeout.within("pricing", budget, scheduler, () -> failing);
        failing.completeExceptionally(refused);
        assertThatThrownBy(guarded::get).hasCause(refused);
        assertThat(scheduler.pendingTasks()).isZero(); // the timer went with the answer

        CompletableFuture<String> thrown = Timeout.within("pricing", budget, scheduler, () -> {
            throw refused; // a client that throws instead of returning a failed stage
        });
        assertThatThrownBy(thrown::get).hasCause(refused);

        CompletableFuture<String> slow = new CompletableFuture<>();
        CompletableFuture<String> abandoned = Timeout.within("pricing", budget, scheduler, () -> slow);
        abandoned.cancel(true);
        assertThat(slow).isCancelled(); // the caller gave up: the connection is freed too
    }

    @Test
    void anUnboundedDeadlineStartsNoTimer() {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> guarded = Timeout.within("batch", Deadline.none(clock), scheduler, () -> call);
        assertThat(scheduler.pendingTasks()).isZero();
        call.complete("done");
        assertThat(guarded).isCompletedWithValue("done");
    }

    @Test
    void unboundedStaysUnboundedWithAReserveAndSaysSo() {
        Deadline none = Deadline.none(clock);
        assertThat(none.isUnbounded()).isTrue();
        assertThat(none.withReserve(ofMillis(100)).isUnbounded()).isTrue();
        assertThat(none.budget()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
        assertThat(none).hasToString("Deadline[none]");
        assertThat(none.clock()).isSameAs(clock);

        clock.advance(ofSeconds(3));
        Deadline page = Deadline.after(ofMillis(500), clock);
        assertThat(page.isUnbounded()).isFalse();
        assertThat(page.budget()).isEqualTo(ofMillis(500));
        clock.advance(ofMillis(200));
        assertThat(page.budget()).isEqualTo(ofMillis(500)); // what it was created with, not what is left
        assertThat(page).hasToString("Deadline[PT0.3S left]");
        Deadline startBy = page.withReserve(ofMillis(100));
        assertThat(startBy.remaining()).isEqualTo(ofMillis(200));
        assertThat(page.withReserve(Duration.ZERO).remaining()).isEqualTo(ofMillis(300));
        assertThat(page.child(ofMillis(100)).remaining()).isEqualTo(ofMillis(100)); // no reserve: the call timeout wins
        assertThat(page.child(ofSeconds(1)).remaining()).isEqualTo(ofMillis(300)); // what is left wins
    }
}
