package dev.resilientshop.resilience.outlier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import java.time.Duration;
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
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Model-based test of {@link OutlierEjection}: random successes, failures and clock advances over
 * one to four hosts, and resets, against a reference written as plainly as the rules read (whole
 * milliseconds, a list of hosts, no atomics; probation a plain flag, set by an ejection and cleared by a
 * success while the host is in). After every step both agree on which hosts are out,
 * each host's ejection count and its latest ejection's length, and at least one host is in.
 */
class OutlierEjectionModelTest {

    static final int TRIES = 300;
    static final long REQUIRED_STEPS = 10_000;
    private static final AtomicLong STEPS = new AtomicLong();

    enum Kind {
        SUCCESS,
        FAILURE,
        ADVANCE,
        RESET
    }

    record Op(Kind kind, int host, int millis) {
        @Override
        public String toString() {
            return switch (kind) {
                case SUCCESS -> "success(" + host + ")";
                case FAILURE -> "failure(" + host + ")";
                case ADVANCE -> "advance(" + millis + "ms)";
                case RESET -> "reset";
            };
        }
    }

    record Config(int hosts, int failures, int baseMillis, int maxMillis) {}

    /** The rules, one host at a time, in milliseconds. */
    static final class Model {
        final Config config;
        final int[] failures;
        final long[] until;
        final long[] length;
        final int[] inARow;
        final int[] ejections;
        final boolean[] probation;
        long now;

        Model(Config config) {
            this.config = config;
            failures = new int[config.hosts()];
            until = new long[config.hosts()];
            length = new long[config.hosts()];
            inARow = new int[config.hosts()];
            ejections = new int[config.hosts()];
            probation = new boolean[config.hosts()];
        }

        boolean out(int h) {
            return ejections[h] > 0 && now < until[h];
        }

        void reset() {
            for (int h = 0; h < config.hosts(); h++) {
                failures[h] = 0;
                inARow[h] = 0;
                until[h] = Math.min(until[h], now);
                probation[h] = false;
            }
        }

        void success(int h) {
            failures[h] = 0;
            if (!out(h)) {
                probation[h] = false;
            }
        }

        void failure(int h) {
            if (out(h)) {
                return;
            }
            failures[h]++;
            if (failures[h] < config.failures() && !probation[h]) {
                return;
            }
            boolean anotherIn = false;
            for (int o = 0; o < config.hosts(); o++) {
                anotherIn |= o != h && !out(o);
            }
            if (!anotherIn) {
                return;
            }
            if (ejections[h] > 0 && now - until[h] >= config.maxMillis()) {
                inARow[h] = 0;
            }
            long time = config.baseMillis();
            for (int i = 0; i < inARow[h] && time < config.maxMillis(); i++) {
                time *= 2;
            }
            length[h] = Math.min(time, config.maxMillis());
            until[h] = now + length[h];
            inARow[h]++;
            ejections[h]++;
            failures[h] = 0;
            probation[h] = true;
        }
    }

    @Property(tries = TRIES)
    void ejectionsAgreeWithThePlainModelAfterEveryStep(
            @ForAll("configs") Config config, @ForAll("operations") List<Op> ops) {
        var clock = new ManualClock();
        var group = new OutlierEjection(
                config.failures(),
                Duration.ofMillis(config.baseMillis()),
                Duration.ofMillis(config.maxMillis()),
                clock);
        var hosts = new ArrayList<OutlierEjection.Host>();
        for (int h = 0; h < config.hosts(); h++) {
            hosts.add(group.host("host-" + h));
        }
        var model = new Model(config);
        for (var op : ops) {
            int h = op.host() % config.hosts();
            switch (op.kind()) {
                case SUCCESS -> {
                    hosts.get(h).succeeded();
                    model.success(h);
                }
                case FAILURE -> {
                    int before = model.ejections[h];
                    boolean ejected = hosts.get(h).failed();
                    model.failure(h);
                    assertThat(ejected).as("failure(%d) ejected it", h).isEqualTo(model.ejections[h] > before);
                }
                case ADVANCE -> {
                    clock.advance(Duration.ofMillis(op.millis()));
                    model.now += op.millis();
                }
                case RESET -> {
                    group.reset();
                    model.reset();
                }
            }
            STEPS.incrementAndGet();
            int in = 0;
            for (int i = 0; i < config.hosts(); i++) {
                var host = hosts.get(i);
                assertThat(host.isEjected()).as("host %d out after %s", i, op).isEqualTo(model.out(i));
                assertThat(host.ejections())
                        .as("host %d ejections after %s", i, op)
                        .isEqualTo(model.ejections[i]);
                assertThat(host.ejectedFor().toMillis())
                        .as("host %d ejected for, after %s", i, op)
                        .isEqualTo(model.length[i]);
                in += host.isEjected() ? 0 : 1;
            }
            assertThat(in).as("hosts in after %s", op).isGreaterThanOrEqualTo(1);
        }
    }

    @Provide
    Arbitrary<Config> configs() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.of(1, 2, 3, 5),
                        Arbitraries.of(10, 50, 100),
                        Arbitraries.of(100, 250, 1_000))
                .as(Config::new);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(2, Kind.SUCCESS),
                Tuple.of(6, Kind.FAILURE),
                Tuple.of(2, Kind.ADVANCE),
                Tuple.of(1, Kind.RESET));
        Arbitrary<Integer> millis =
                Arbitraries.integers().between(0, 1_500).withDistribution(RandomDistribution.biased());
        return Combinators.combine(kind, Arbitraries.integers().between(0, 3), millis)
                .as(Op::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(150)
                .withSizeDistribution(RandomDistribution.uniform());
    }

    @AfterContainer
    static void enoughSteps() {
        System.out.println("OutlierEjectionModelTest: " + STEPS.get() + " model steps");
        assertThat(STEPS.get()).isGreaterThanOrEqualTo(REQUIRED_STEPS);
    }
}
