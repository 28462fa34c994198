package dev.resilientshop.resilience.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.deadline.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Model-based test of {@link Bulkhead}: random sequences of acquires, releases with every
 * outcome, and double releases, run against the real bulkhead and a plain counter; after every
 * step both agree on in-flight calls, limit and rejections. A failure prints the shrunk sequence.
 */
class BulkheadModelTest {

    static final int TRIES = 400;
    static final long REQUIRED_STEPS = 10_000;
    private static final AtomicLong STEPS = new AtomicLong();

    enum Outcome {
        SUCCESS,
        ERROR,
        IGNORE
    }

    enum Kind {
        TRY_ACQUIRE,
        /** {@code acquire(deadline)} with maxWait 0: never blocks, throws when full. */
        ACQUIRE_WITH_DEADLINE,
        RELEASE,
        /** Reports a second outcome on a token already released (the double release of defect 10). */
        RELEASE_AGAIN
    }

    record Op(Kind kind, int pick, Outcome outcome) {
        @Override
        public String toString() {
            return kind == Kind.TRY_ACQUIRE || kind == Kind.ACQUIRE_WITH_DEADLINE
                    ? kind.name()
                    : kind + "(" + pick + "," + outcome + ")";
        }
    }

    /** The reference: obviously correct, synchronized, no optimisation. */
    static final class Model {
        final int max;
        int inFlight;
        long rejected;

        Model(int max) {
            this.max = max;
        }

        synchronized boolean acquire() {
            if (inFlight < max) {
                inFlight++;
                return true;
            }
            rejected++;
            return false;
        }

        synchronized void release() {
            inFlight--;
        }
    }

    @Property(tries = TRIES)
    void bulkheadAgreesWithTheModelAfterEveryStep(
            @ForAll @IntRange(min = 1, max = 6) int maxConcurrentCalls, @ForAll("operations") List<Op> ops) {
        Bulkhead real = Bulkhead.of("dep", BulkheadConfig.ofMaxConcurrentCalls(maxConcurrentCalls));
        Model model = new Model(maxConcurrentCalls);
        List<ConcurrencyLimiter.Token> held = new ArrayList<>();
        List<ConcurrencyLimiter.Token> released = new ArrayList<>();
        Deadline none = Deadline.none(new ManualClock());
        for (Op op : ops) {
            switch (op.kind()) {
                case TRY_ACQUIRE -> {
                    ConcurrencyLimiter.Token t = real.tryAcquire();
                    assertThat(t != null).as("admitted").isEqualTo(model.acquire());
                    if (t != null) {
                        held.add(t);
                    }
                }
                case ACQUIRE_WITH_DEADLINE -> {
                    if (model.acquire()) {
                        held.add(acquire(real, none));
                    } else {
                        assertThatThrownBy(() -> real.acquire(none)).isInstanceOf(BulkheadFullException.class);
                    }
                }
                case RELEASE -> {
                    if (!held.isEmpty()) {
                        ConcurrencyLimiter.Token t = held.remove(op.pick() % held.size());
                        report(t, op.outcome());
                        released.add(t);
                        model.release();
                    }
                }
                case RELEASE_AGAIN -> {
                    if (!released.isEmpty()) {
                        report(released.get(op.pick() % released.size()), op.outcome()); // the model does nothing
                    }
                }
            }
            STEPS.incrementAndGet();
            assertThat(real.inFlight()).as("inFlight after %s", op).isEqualTo(model.inFlight);
            assertThat(real.limit()).isEqualTo(model.max);
            assertThat(real.rejectedCount()).as("rejected after %s", op).isEqualTo(model.rejected);
        }
    }

    private static ConcurrencyLimiter.Token acquire(Bulkhead b, Deadline d) {
        try {
            return b.acquire(d);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void report(ConcurrencyLimiter.Token t, Outcome o) {
        switch (o) {
            case SUCCESS -> t.onSuccess(1_000);
            case ERROR -> t.onError(1_000);
            case IGNORE -> t.onIgnore();
        }
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1000);
        Arbitrary<Outcome> outcome = Arbitraries.of(Outcome.class);
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(4, Kind.TRY_ACQUIRE),
                Tuple.of(1, Kind.ACQUIRE_WITH_DEADLINE),
                Tuple.of(4, Kind.RELEASE),
                Tuple.of(2, Kind.RELEASE_AGAIN));
        Arbitrary<Op> op = Combinators.combine(kind, pick, outcome).as(Op::new);
        return op.list()
                .ofMinSize(1)
                .ofMaxSize(120)
                .withSizeDistribution(RandomDistribution.uniform()); // can shrink to 1 step
    }

    @Property(tries = 100)
    void aSizeBelowOneIsRefusedWithTheValueInTheMessage(@ForAll @IntRange(min = -1000, max = 0) int size) {
        assertThatThrownBy(() -> BulkheadConfig.ofMaxConcurrentCalls(size))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was " + size);
    }

    @AfterContainer
    static void enoughSteps() {
        System.out.println("BulkheadModelTest: " + STEPS.get() + " model steps");
        assertThat(STEPS.get()).isGreaterThanOrEqualTo(REQUIRED_STEPS);
    }
}
