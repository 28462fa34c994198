package dev.resilientshop.resilience.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.core.ManualScheduler;
import dev.resilientshop.resilience.core.RandomSource;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Model-based test of the retry schedule: random configs (attempts, base, multiplier, cap, every
 * jitter), deadlines, and scripted attempts (succeed, transient failure, 4xx-like failure,
 * never started) of random durations, run through the real {@link Retry} (sync and async, on a
 * {@link ManualScheduler}) and through a plain loop that computes when each attempt must start
 * from the same seeded {@link RandomSource}. After every call both agree on each attempt's start
 * time, the failure the caller sees and the counters; every backoff lies within its jitter's
 * bounds; no attempt starts at or after the deadline. A failure prints the shrunk scenario.
 *
 * <p>The retry budget is set wide (ratio 1, 1,000 tokens) so it never refuses here: its own
 * arithmetic is another test's subject; here {@code budgetRejections()} must stay 0.
 */
class RetryScheduleModelTest {

    static final int TRIES = 500;
    static final long REQUIRED_STEPS = 10_000;
    private static final AtomicLong STEPS = new AtomicLong();
    private static final long MS = 1_000_000;

    enum Result {
        SUCCEED,
        TRANSIENT,
        CLIENT_ERROR,
        NOT_STARTED
    }

    record Attempt(Result result, int millis) {
        @Override
        public String toString() {
            return result + "@" + millis + "ms";
        }
    }

    record Call(boolean async, List<Attempt> attempts) {}

    record Scenario(
            int maxAttempts,
            int baseMillis,
            double multiplier,
            int maxDelayMillis,
            Jitter jitter,
            long seed,
            Integer budgetMillis) {}

    /** What the plain loop predicts for one call. */
    record Expected(List<Long> starts, String outcome, long endNanos) {}

    /** The reference: the schedule as a plain loop over the script, from the same random sequence. */
    static Expected model(Scenario s, Call call, long now, RandomSource random) {
        long expiry = s.budgetMillis() == null ? Long.MAX_VALUE : now + s.budgetMillis() * MS;
        double base = s.baseMillis() * MS;
        double cap = s.maxDelayMillis() * MS;
        double previous = base;
        List<Long> starts = new ArrayList<>();
        String previousFailure = null;
        long t = now;
        for (int n = 1; ; n++) {
            starts.add(t);
            Attempt a = n <= call.attempts().size() ? call.attempts().get(n - 1) : new Attempt(Result.SUCCEED, 0);
            t += a.result() == Result.NOT_STARTED ? 0 : a.millis() * MS;
            if (a.result() == Result.SUCCEED) {
                return new Expected(starts, "ok " + n, t);
            }
            String failure = "attempt " + n;
            if (a.result() == Result.NOT_STARTED) { // not retryable; the caller sees the last real failure
                return new Expected(starts, previousFailure != null ? previousFailure : failure, t);
            }
            if (n >= s.maxAttempts() || a.result() == Result.CLIENT_ERROR) {
                return new Expected(starts, failure, t);
            }
            double capped = Math.min(cap, base * Math.pow(s.multiplier(), n - 1));
            double delay = switch (s.jitter()) {
                case FULL -> random.nextDouble() * capped;
                case DECORRELATED ->
                    Math.min(cap, previous * 3) <= base
                            ? base
                            : base + random.nextDouble() * (Math.min(cap, previous * 3) - base);
                case NONE -> capped;
            };
            previous = delay;
            if ((long) delay >= expiry - t) {
                return new Expected(starts, failure, t); // the next attempt could not start in time
            }
            t += (long) delay;
            previousFailure = failure;
        }
    }

    @Property(tries = TRIES)
    void attemptsStartWhenTheModelSaysAndFailWithTheLastRealCause(
            @ForAll("scenarios") Scenario s, @ForAll("calls") List<Call> calls) throws Exception {
        ManualClock clock = new ManualClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        Retry retry = Retry.of(
                "dep",
                RetryConfig.builder()
                        .maxAttempts(s.maxAttempts())
                        .baseDelay(Duration.ofMillis(s.baseMillis()))
                        .multiplier(s.multiplier())
                        .maxDelay(Duration.ofMillis(s.maxDelayMillis()))
                        .jitter(s.jitter())
                        .random(RandomSource.seeded(s.seed()))
                        .budget(1.0, 1_000)
                        .build(),
                scheduler);
        RandomSource modelRandom = RandomSource.seeded(s.seed());
        long attemptsSoFar = 0;
        for (int c = 0; c < calls.size(); c++) {
            Call call = calls.get(c);
            long start = clock.nanoTime();
            Expected expected = model(s, call, start, modelRandom);
            Deadline deadline = s.budgetMillis() == null
                    ? Deadline.none(clock)
                    : Deadline.after(Duration.ofMillis(s.budgetMillis()), clock);
            List<Long> starts = new ArrayList<>();
            String outcome = call.async()
                    ? runAsync(retry, scheduler, deadline, call, starts)
                    : runSync(retry, scheduler, deadline, call, starts);

            assertThat(starts).as("attempt start times of call %d", c).isEqualTo(expected.starts());
            assertThat(outcome).as("outcome of call %d", c).isEqualTo(expected.outcome());
            if (!call.async()) {
                assertThat(clock.nanoTime())
                        .as("sync call %d ends when its last attempt ends", c)
                        .isEqualTo(expected.endNanos());
            }
            for (long t : starts) {
                assertThat(t - start)
                        .as("no attempt starts at or after the deadline")
                        .isLessThan(s.budgetMillis() == null ? Long.MAX_VALUE : s.budgetMillis() * MS);
            }
            attemptsSoFar += starts.size();
            STEPS.addAndGet(starts.size());
            assertThat(retry.firstAttempts()).isEqualTo(c + 1L);
            assertThat(retry.retries()).isEqualTo(attemptsSoFar - (c + 1));
            assertThat(retry.budgetRejections()).isZero();
            assertThat(scheduler.pendingTasks())
                    .as("nothing left scheduled after call %d", c)
                    .isZero();
            scheduler.advance(Duration.ofMillis(1)); // calls are sequential, 1 ms apart
        }
    }

    private static Exception failure(Attempt a, int n) {
        return switch (a.result()) {
            case TRANSIENT -> new ConnectException("attempt " + n);
            case CLIENT_ERROR -> new IllegalArgumentException("attempt " + n);
            case NOT_STARTED -> DeadlineExceededException.budgetExhausted("attempt " + n);
            case SUCCEED -> throw new IllegalStateException();
        };
    }

    private static Attempt script(Call call, int n) {
        return n <= call.attempts().size() ? call.attempts().get(n - 1) : new Attempt(Result.SUCCEED, 0);
    }

    private static String runSync(
            Retry retry, ManualScheduler scheduler, Deadline deadline, Call call, List<Long> starts) {
        try {
            return retry.call(deadline, () -> {
                int n = starts.size() + 1;
                starts.add(scheduler.clock().nanoTime());
                Attempt a = script(call, n);
                if (a.result() != Result.NOT_STARTED) {
                    scheduler.advance(Duration.ofMillis(a.millis()));
                }
                if (a.result() == Result.SUCCEED) {
                    return "ok " + n;
                }
                throw failure(a, n);
            });
        } catch (Exception e) {
            return describe(e);
        }
    }

    private static String runAsync(
            Retry retry, ManualScheduler scheduler, Deadline deadline, Call call, List<Long> starts) {
        CompletableFuture<String> f = retry.callAsync(deadline, () -> {
            int n = starts.size() + 1;
            starts.add(scheduler.clock().nanoTime());
            Attempt a = script(call, n);
            if (a.result() == Result.NOT_STARTED) {
                return CompletableFuture.failedFuture(failure(a, n));
            }
            CompletableFuture<String> reply = new CompletableFuture<>();
            scheduler.schedule(Duration.ofMillis(a.millis()), () -> {
                if (a.result() == Result.SUCCEED) {
                    reply.complete("ok " + n);
                } else {
                    reply.completeExceptionally(failure(a, n));
                }
            });
            return reply;
        });
        while (!f.isDone() && scheduler.pendingTasks() > 0) {
            scheduler.advance(Duration.ofNanos(
                    Math.max(0, scheduler.nextDueNanos() - scheduler.clock().nanoTime())));
        }
        assertThat(f).isDone();
        return f.handle((v, e) -> e == null ? v : describe(FailureClassifier.unwrap(e)))
                .join();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m.substring(m.indexOf("attempt"));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> base = Arbitraries.of(1, 10, 100);
        return Combinators.combine(
                        Arbitraries.integers().between(1, 6),
                        base,
                        Arbitraries.of(1.0, 1.5, 2.0, 3.0),
                        Arbitraries.of(0, 50, 1_000, 30_000), // 0: the cap equals the base delay
                        Arbitraries.of(Jitter.class),
                        Arbitraries.longs(),
                        Arbitraries.of(50, 200, 500, 2_000).injectNull(0.2))
                .as((n, b, m, cap, j, seed, budget) -> new Scenario(n, b, m, Math.max(b, cap), j, seed, budget));
    }

    @Provide
    Arbitrary<List<Call>> calls() {
        Arbitrary<Result> weighted = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(2, Result.SUCCEED),
                net.jqwik.api.Tuple.of(5, Result.TRANSIENT),
                net.jqwik.api.Tuple.of(1, Result.CLIENT_ERROR),
                net.jqwik.api.Tuple.of(1, Result.NOT_STARTED));
        Arbitrary<Attempt> attempt = Combinators.combine(
                        weighted, Arbitraries.integers().between(0, 300))
                .as(Attempt::new);
        Arbitrary<Call> call = Combinators.combine(
                        Arbitraries.of(true, false), attempt.list().ofMaxSize(6))
                .as(Call::new);
        return call.list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }

    @AfterContainer
    static void enoughSteps() {
        System.out.println("RetryScheduleModelTest: " + STEPS.get() + " model steps (attempts)");
        assertThat(STEPS.get()).isGreaterThanOrEqualTo(REQUIRED_STEPS);
    }
}
