package dev.resilientshop.resilience.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Model-based properties: random operation sequences run against the real breaker and against
 * {@link BreakerModel} (one lock, plain lists) on the same {@link ManualClock}; after every
 * step both agree on the state, the window totals, every transition count and the rejections.
 * On a mismatch jqwik shrinks the sequence and prints the shortest one it found.
 *
 * <p>Steps per run: tries × sequence length, at least 10,000 per window type (the count is
 * printed after the class runs).
 */
class CircuitBreakerModelBasedTest {

    private static final AtomicLong COUNT_STEPS = new AtomicLong();
    private static final AtomicLong TIME_STEPS = new AtomicLong();

    /** One generated configuration; built with a fresh clock per try. */
    record Spec(
            boolean countWindow,
            int windowSize,
            int minimumCalls,
            double failureRate,
            double slowRate,
            int consecutive,
            int probes,
            int resetSeconds,
            int leaseSeconds) {

        CircuitBreakerConfig build(ManualClock clock) {
            CircuitBreakerConfig.Builder b = CircuitBreakerConfig.builder()
                    .clock(clock)
                    .minimumNumberOfCalls(minimumCalls)
                    .failureRateThreshold(failureRate)
                    .slowCallRateThreshold(slowRate)
                    .consecutiveFailureThreshold(consecutive)
                    .permittedProbes(probes)
                    .resetTimeout(Duration.ofSeconds(resetSeconds))
                    .probeLease(Duration.ofSeconds(leaseSeconds))
                    .ignoreException(e -> e instanceof IllegalArgumentException); // a 4xx, say
            return countWindow
                    ? b.countBasedWindow(windowSize).build()
                    : b.timeBasedWindow(windowSize).build();
        }
    }

    sealed interface Op permits Acquire, Succeed, Fail, Ignore, Advance, Reset, ForceOpen {}

    record Acquire() implements Op {}

    /** Report success on the permit picked (index modulo the permits held) after {@code millis}. */
    record Succeed(int pick, int millis) implements Op {}

    /** Report a failure; an ignored one is an exception the config says is no health signal. */
    record Fail(int pick, boolean ignored) implements Op {}

    record Ignore(int pick) implements Op {}

    record Advance(int millis) implements Op {}

    record Reset() implements Op {}

    record ForceOpen() implements Op {}

    private record Held(Permit real, BreakerModel.Ticket model) {}

    @Property(tries = 400)
    void countWindowBreakerAgreesWithTheModel(@ForAll("countSpecs") Spec spec, @ForAll("operations") List<Op> ops) {
        COUNT_STEPS.addAndGet(run(spec, ops));
    }

    @Property(tries = 400)
    void timeWindowBreakerAgreesWithTheModel(@ForAll("timeSpecs") Spec spec, @ForAll("operations") List<Op> ops) {
        TIME_STEPS.addAndGet(run(spec, ops));
    }

    @AfterContainer
    static void printSteps() {
        System.out.println(
                "circuit breaker model steps: count window " + COUNT_STEPS.get() + ", time window " + TIME_STEPS.get());
        assertThat(COUNT_STEPS.get()).isGreaterThanOrEqualTo(10_000);
        assertThat(TIME_STEPS.get()).isGreaterThanOrEqualTo(10_000);
    }

    private static int run(Spec spec, List<Op> ops) {
        ManualClock clock = new ManualClock();
        CircuitBreakerConfig config = spec.build(clock);
        CircuitBreaker real = CircuitBreaker.of("model", config);
        BreakerModel model = new BreakerModel(config);
        List<Held> held = new ArrayList<>();
        int step = 0;
        for (Op op : ops) {
            step++;
            apply(op, real, model, held, clock);
            String where = "after step " + step + " " + op;
            assertThat(real.state()).as(where).isEqualTo(model.state());
            assertThat(real.windowTotals())
                    .as(where + ": {calls, failures, slow}")
                    .containsExactly(model.totals());
            for (StateTransition t : StateTransition.values()) {
                assertThat(real.transitionCount(t)).as(where + ": " + t).isEqualTo(model.transitions(t));
            }
            assertThat(real.rejectedCount()).as(where + ": rejected").isEqualTo(model.rejected());
        }
        return ops.size();
    }

    private static void apply(Op op, CircuitBreaker real, BreakerModel model, List<Held> held, ManualClock clock) {
        if (op instanceof Acquire) {
            Permit p = real.tryAcquirePermission();
            BreakerModel.Ticket t = model.acquire();
            assertThat(p != null).as(op + ": permitted").isEqualTo(t != null);
            if (p != null) {
                held.add(new Held(p, t));
            }
        } else if (op instanceof Succeed s && !held.isEmpty()) {
            Held h = held.remove(Math.floorMod(s.pick(), held.size()));
            long nanos = Duration.ofMillis(s.millis()).toNanos();
            h.real().onSuccess(nanos);
            model.success(h.model(), nanos);
        } else if (op instanceof Fail f && !held.isEmpty()) {
            Held h = held.remove(Math.floorMod(f.pick(), held.size()));
            Exception e = f.ignored() ? new IllegalArgumentException("400") : new TimeoutException("timed out");
            h.real().onError(1_000_000, e);
            model.failure(h.model(), 1_000_000, e);
        } else if (op instanceof Ignore i && !held.isEmpty()) {
            Held h = held.remove(Math.floorMod(i.pick(), held.size()));
            h.real().onIgnore();
            model.ignore(h.model());
        } else if (op instanceof Advance a) {
            clock.advance(Duration.ofMillis(a.millis()));
        } else if (op instanceof Reset) {
            real.reset();
            model.reset();
        } else if (op instanceof ForceOpen) {
            real.forceOpen();
            model.forceOpen();
        }
    }

    @Provide
    Arbitrary<Spec> countSpecs() {
        return specs(true, Arbitraries.integers().between(1, 8));
    }

    @Provide
    Arbitrary<Spec> timeSpecs() {
        return specs(false, Arbitraries.integers().between(1, 5));
    }

    private static Arbitrary<Spec> specs(boolean countWindow, Arbitrary<Integer> sizes) {
        return Combinators.combine(
                        sizes,
                        Arbitraries.integers().between(1, 10),
                        Arbitraries.of(1.0, 25.0, 50.0, 60.0, 100.0),
                        Arbitraries.of(30.0, 50.0, 100.0),
                        Arbitraries.integers().between(1, 6),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(1, 4))
                .as((size, min, rate, slow, consecutive, probes, reset, lease) -> new Spec(
                        countWindow,
                        size,
                        countWindow ? Math.min(min, size) : min, // a count window holds at most its size
                        rate,
                        slow,
                        consecutive,
                        probes,
                        reset,
                        lease));
    }

    @Provide
    @SuppressWarnings("unchecked")
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> picks = Arbitraries.integers().between(0, 7);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(new Acquire())),
                Tuple.of(
                        4,
                        Combinators.combine(picks, Arbitraries.of(10, 2000, 2001, 4800))
                                .as(Succeed::new)),
                Tuple.of(
                        4,
                        Combinators.combine(picks, Arbitraries.of(false, false, false, true))
                                .as(Fail::new)),
                Tuple.of(1, picks.map(Ignore::new)),
                Tuple.of(3, Arbitraries.of(100, 500, 1000, 2500, 6000).map(Advance::new)),
                Tuple.of(1, Arbitraries.just(new Reset())),
                Tuple.of(1, Arbitraries.just(new ForceOpen())));
        return op.list().ofMinSize(1).ofMaxSize(150).withSizeDistribution(RandomDistribution.uniform());
    }
}
