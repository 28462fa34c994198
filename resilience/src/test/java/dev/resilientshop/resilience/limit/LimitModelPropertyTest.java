package dev.resilientshop.resilience.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.bulkhead.ConcurrencyLimiter.Token;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Model-based tests: random sequences of acquire, release (success, failure or ignore, with a
 * round trip from 0 to 2 s, 1 µs refusals included) and clock advances, on random configs at
 * their edges, run against an {@link AdaptiveLimiter} with the real limit and against
 * {@link LimitModels}. After every step both agree on admission, in-flight count, refusals, the
 * limit and (AIMD) the baseline. 1,000 sequences of 10–100 steps per pattern: at least 10,000
 * steps each (the count is printed). A failure prints the shrunk sequence and config.
 */
class LimitModelPropertyTest {

    private static final AtomicLong AIMD_STEPS = new AtomicLong();
    private static final AtomicLong GRADIENT_STEPS = new AtomicLong();

    sealed interface Op permits Acquire, Release, Advance {}

    record Acquire() implements Op {}

    enum Outcome {
        SUCCESS,
        FAILURE,
        IGNORE
    }

    record Release(Outcome outcome, long rttMicros) implements Op {}

    record Advance(long millis) implements Op {}

    record AimdSpec(
            int minLimit,
            int maxLimit,
            int initialLimit,
            double backoffRatio,
            double growWhenUsed,
            double queueingThreshold,
            double[] smoothing,
            long windowMillis) {
        AimdConfig build(Clock clock) {
            return AimdConfig.builder()
                    .minLimit(minLimit)
                    .maxLimit(maxLimit)
                    .initialLimit(initialLimit)
                    .backoffRatio(backoffRatio)
                    .growWhenUsed(growWhenUsed)
                    .queueingThreshold(queueingThreshold)
                    .rttSmoothing(smoothing[0])
                    .baselineSmoothing(smoothing[1])
                    .baselineWindow(Duration.ofMillis(windowMillis))
                    .clock(clock)
                    .build();
        }

        @Override
        public String toString() {
            return "AimdSpec[min=%d, max=%d, initial=%d, backoff=%s, growWhenUsed=%s, threshold=%s, smoothing=%s/%s, window=%d ms]"
                    .formatted(
                            minLimit,
                            maxLimit,
                            initialLimit,
                            backoffRatio,
                            growWhenUsed,
                            queueingThreshold,
                            smoothing[0],
                            smoothing[1],
                            windowMillis);
        }
    }

    record GradientSpec(
            int minLimit, int maxLimit, int initialLimit, double rttTolerance, double smoothing, int longWindow) {
        GradientConfig build() {
            return GradientConfig.builder()
                    .minLimit(minLimit)
                    .maxLimit(maxLimit)
                    .initialLimit(initialLimit)
                    .rttTolerance(rttTolerance)
                    .smoothing(smoothing)
                    .longWindow(longWindow)
                    .build();
        }
    }

    @Property(tries = 1_000)
    void aimdLimiterAgreesWithItsModel(
            @ForAll("aimdSpecs") AimdSpec spec, @ForAll @Size(min = 10, max = 100) List<@From("ops") Op> ops) {
        ManualClock clock = new ManualClock();
        AimdConfig config = spec.build(clock);
        AimdLimit limit = (AimdLimit) Limit.aimd(config);
        LimitModels.Aimd model = new LimitModels.Aimd(config);
        run(
                ops,
                clock,
                limit,
                model::limit,
                (now, rtt, inFlight, dropped) -> model.onSample(now, rtt, inFlight, dropped),
                step -> assertThat(limit.baselineNanos())
                        .as("baseline after step %d", step)
                        .isEqualTo(model.baseline(clock.nanoTime())));
        AIMD_STEPS.addAndGet(ops.size());
    }

    @Property(tries = 1_000)
    void gradientLimiterAgreesWithItsModel(
            @ForAll("gradientSpecs") GradientSpec spec, @ForAll @Size(min = 10, max = 100) List<@From("ops") Op> ops) {
        ManualClock clock = new ManualClock();
        GradientConfig config = spec.build();
        LimitModels.Gradient model = new LimitModels.Gradient(config);
        run(
                ops,
                clock,
                Limit.gradient(config),
                model::limit,
                (now, rtt, inFlight, dropped) -> model.onSample(rtt, inFlight, dropped),
                step -> {});
        GRADIENT_STEPS.addAndGet(ops.size());
    }

    @AfterContainer
    static void reportSteps() {
        System.out.printf("Model-based steps run: AIMD %,d, Gradient %,d%n", AIMD_STEPS.get(), GRADIENT_STEPS.get());
        assertThat(AIMD_STEPS.get()).isGreaterThanOrEqualTo(10_000);
        assertThat(GRADIENT_STEPS.get()).isGreaterThanOrEqualTo(10_000);
    }

    interface ModelSample {
        void onSample(long now, long rttNanos, int inFlight, boolean dropped);
    }

    interface StepCheck {
        void after(int step);
    }

    /** Runs the ops against a real limiter and the model; both agree after every step. */
    private static void run(
            List<Op> ops, ManualClock clock, Limit limit, IntSupplier modelLimit, ModelSample model, StepCheck extra) {
        AdaptiveLimiter limiter = AdaptiveLimiter.of("inventory", limit);
        Deque<Token> held = new ArrayDeque<>();
        long refused = 0;
        for (int step = 0; step < ops.size(); step++) {
            Op op = ops.get(step);
            if (op instanceof Acquire) {
                boolean admit = held.size() < modelLimit.getAsInt();
                Token token = limiter.tryAcquire();
                assertThat(token != null)
                        .as("admitted at step %d (%s)", step, op)
                        .isEqualTo(admit);
                if (token != null) {
                    held.push(token);
                } else {
                    refused++;
                }
            } else if (op instanceof Release r && !held.isEmpty()) {
                int inFlight = held.size();
                Token token = held.pop();
                long rtt = r.rttMicros() * 1_000;
                switch (r.outcome()) {
                    case SUCCESS -> {
                        token.onSuccess(rtt);
                        model.onSample(clock.nanoTime(), rtt, inFlight, false);
                    }
                    case FAILURE -> {
                        token.onError(rtt);
                        model.onSample(clock.nanoTime(), rtt, inFlight, true);
                    }
                    case IGNORE -> token.onIgnore();
                }
            } else if (op instanceof Advance a) {
                clock.advance(Duration.ofMillis(a.millis()));
            }
            assertThat(limiter.limit()).as("limit after step %d (%s)", step, op).isEqualTo(modelLimit.getAsInt());
            assertThat(limiter.inFlight()).as("in flight after step %d", step).isEqualTo(held.size());
            assertThat(limiter.rejectedCount())
                    .as("refused after step %d", step)
                    .isEqualTo(refused);
            extra.after(step);
        }
    }

    @Provide
    Arbitrary<Op> ops() {
        Arbitrary<Long> rttMicros = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(2, Arbitraries.just(1L)), // a connection refused in 1 µs
                Tuple.of(
                        8, Arbitraries.longs().between(5, 50).map(ms -> ms * 1_000)), // whole ms: ties with clock steps
                Tuple.of(6, Arbitraries.longs().between(5_000, 50_000)),
                Tuple.of(4, Arbitraries.longs().between(50_000, 2_000_000)));
        Arbitrary<Op> release =
                Combinators.combine(Arbitraries.of(Outcome.class), rttMicros).as(Release::new);
        Arbitrary<Op> advance = Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.longs().between(0, 50)),
                        Tuple.of(1, Arbitraries.longs().between(100, 60_000)))
                .map(Advance::new);
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(new Acquire())), Tuple.of(4, release), Tuple.of(2, advance));
    }

    @Provide
    Arbitrary<AimdSpec> aimdSpecs() {
        Arbitrary<Integer> min = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> span = Arbitraries.integers().between(0, 40);
        Arbitrary<Double> initialShare = Arbitraries.doubles().between(0, 1);
        Arbitrary<Double> backoff = Arbitraries.oneOf(
                Arbitraries.of(0.5, 0.9, 0.99), Arbitraries.doubles().between(0.01, 0.99));
        Arbitrary<Double> grow = Arbitraries.oneOf(
                Arbitraries.of(0.5, 1.0), Arbitraries.doubles().between(0.01, 1.0));
        Arbitrary<Double> threshold =
                Arbitraries.oneOf(Arbitraries.of(2.0), Arbitraries.doubles().between(1.01, 4.0));
        Arbitrary<double[]> smoothing = Arbitraries.of(
                new double[] {0.1, 0.025},
                new double[] {1, 1},
                new double[] {0.2, 0.05},
                new double[] {0.5, 0.5},
                new double[] {1, 0.1});
        Arbitrary<Long> window = Arbitraries.oneOf(
                Arbitraries.of(1L, 30_000L), Arbitraries.longs().between(1, 60_000));
        return Combinators.combine(min, span, initialShare, backoff, grow, threshold, smoothing, window)
                .as((lo, s, share, b, g, t, sm, w) ->
                        new AimdSpec(lo, lo + s, lo + (int) Math.round(share * s), b, g, t, sm, w));
    }

    @Provide
    Arbitrary<GradientSpec> gradientSpecs() {
        Arbitrary<Integer> min = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> span = Arbitraries.integers().between(0, 60);
        Arbitrary<Double> initialShare = Arbitraries.doubles().between(0, 1);
        Arbitrary<Double> tolerance = Arbitraries.oneOf(
                Arbitraries.of(1.0, 1.5), Arbitraries.doubles().between(1.0, 10.0));
        Arbitrary<Double> smoothing = Arbitraries.oneOf(
                Arbitraries.of(0.2, 1.0), Arbitraries.doubles().between(0.01, 1.0));
        Arbitrary<Integer> longWindow = Arbitraries.oneOf(
                Arbitraries.of(10, 600), Arbitraries.integers().between(10, 1_000));
        return Combinators.combine(min, span, initialShare, tolerance, smoothing, longWindow)
                .as((lo, s, share, tol, sm, w) ->
                        new GradientSpec(lo, lo + s, lo + (int) Math.round(share * s), tol, sm, w));
    }
}
