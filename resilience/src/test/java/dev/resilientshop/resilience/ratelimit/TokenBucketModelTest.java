package dev.resilientshop.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.resilience.core.ManualClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Model-based test of the keyed token buckets ({@link RateLimiter}): random requests from a few
 * clients, clock advances (including "exactly the Retry-After we were told"), and small
 * {@code maxKeys} that force eviction, against a reference in exact integer arithmetic (one
 * token = 10^9 units; a refill of r tokens/s adds r units per nanosecond). After every step both
 * agree on the decision, the tokens left, the Retry-After, the rejections and the keys tracked.
 * A failure prints the shrunk sequence.
 *
 * <p>One tolerance, because the real buckets count in doubles: where the exact balance is within
 * a millionth of a token of a whole token ({@link #EPSILON_UNITS}), the decision may go either
 * way (0.999999999 + 1e-9 can round to just below 1.0), and the model then follows the real
 * decision so the two stay comparable; Retry-After may differ by up to 1 µs. Anything bigger is
 * a defect: the first runs of this model found eviction dropping the bucket being served (it
 * ranked buckets by last refill, which eviction itself updates; and it evicted before the take,
 * while a new bucket is still full, so a client past {@code maxKeys} was never charged).
 *
 * <p>Every request arrives at its own nanosecond, so "longest idle" is well defined.
 */
class TokenBucketModelTest {

    static final int TRIES = 400;
    static final long REQUIRED_STEPS = 10_000;
    private static final AtomicLong STEPS = new AtomicLong();
    private static final long UNIT = 1_000_000_000L;
    static final long EPSILON_UNITS = 1_000; // a millionth of a token
    private static final String[] KEYS = {"alice", "bob", "carol", "dave", "eve"};

    enum Kind {
        REQUEST,
        ADVANCE,
        ADVANCE_BY_RETRY_AFTER
    }

    record Op(Kind kind, int key, int millis) {
        @Override
        public String toString() {
            return switch (kind) {
                case REQUEST -> "request(" + KEYS[key] + ")";
                case ADVANCE -> "advance(" + millis + "ms)";
                case ADVANCE_BY_RETRY_AFTER -> "advanceByRetryAfter";
            };
        }
    }

    record Config(int capacity, int refillPerSecond, int maxKeys) {}

    /** The reference: exact integers, a plain map, synchronized, no optimisation. */
    static final class Model {
        final Config config;
        final Map<String, long[]> buckets = new HashMap<>(); // key → {units, lastRefillNanos, lastRequestNanos}
        long rejected;

        Model(Config config) {
            this.config = config;
        }

        /** The balance the next request for {@code key} would see (after refill), in units. */
        synchronized long balanceAt(String key, long now) {
            long[] b = buckets.get(key);
            return b == null
                    ? config.capacity() * UNIT
                    : Math.min(config.capacity() * UNIT, b[0] + (now - b[1]) * config.refillPerSecond());
        }

        /** {@code admitBoundary}: null to decide exactly, or the real decision at a rounding boundary. */
        synchronized RateLimiter.Decision request(String key, long now, Boolean admitBoundary) {
            long[] b = buckets.computeIfAbsent(key, k -> new long[] {config.capacity() * UNIT, now, now});
            refill(b, now);
            b[2] = now;
            boolean admit = admitBoundary != null ? admitBoundary : b[0] >= UNIT;
            RateLimiter.Decision d;
            if (admit) {
                b[0] = Math.max(0, b[0] - UNIT);
                d = new RateLimiter.Decision(true, b[0] / UNIT, Duration.ZERO);
            } else {
                rejected++;
                long wait = (UNIT - b[0] + config.refillPerSecond() - 1) / config.refillPerSecond(); // ceil
                d = new RateLimiter.Decision(false, 0, Duration.ofNanos(wait));
            }
            if (buckets.size() > config.maxKeys()) {
                evict(now); // after the take, so the bucket being served is never dropped as "full"
            }
            return d;
        }

        private void refill(long[] b, long now) {
            b[0] = Math.min(config.capacity() * UNIT, b[0] + (now - b[1]) * config.refillPerSecond());
            b[1] = now;
        }

        /** Full buckets go first (nothing is lost), then the longest idle until 90% of maxKeys remain. */
        private void evict(long now) {
            buckets.values().removeIf(b -> {
                refill(b, now);
                return b[0] >= config.capacity() * UNIT; // exact; the real one allows for half a unit of rounding
            });
            int target = Math.max(1, (int) (config.maxKeys() * 0.9));
            while (buckets.size() > target) {
                String idlest = null;
                for (Map.Entry<String, long[]> e : buckets.entrySet()) {
                    if (idlest == null || e.getValue()[2] < buckets.get(idlest)[2]) {
                        idlest = e.getKey();
                    }
                }
                buckets.remove(idlest);
            }
        }
    }

    @Property(tries = TRIES)
    void bucketsAgreeWithTheExactModelAfterEveryStep(
            @ForAll("configs") Config config, @ForAll("operations") List<Op> ops) {
        ManualClock clock = new ManualClock();
        RateLimiter real = RateLimiter.of(
                "api",
                RateLimiterConfig.builder()
                        .capacity(config.capacity())
                        .refillPerSecond(config.refillPerSecond())
                        .maxKeys(config.maxKeys())
                        .clock(clock)
                        .build());
        Model model = new Model(config);
        Duration lastRetryAfter = Duration.ZERO;
        for (Op op : ops) {
            switch (op.kind()) {
                case REQUEST -> {
                    clock.advance(Duration.ofNanos(1)); // no two requests at the same nanosecond
                    String key = KEYS[op.key()];
                    RateLimiter.Decision actual = real.tryAcquire(key);
                    long balance = model.balanceAt(key, clock.nanoTime());
                    long fraction = balance % UNIT;
                    boolean boundary =
                            fraction <= EPSILON_UNITS || UNIT - fraction <= EPSILON_UNITS; // near a whole token
                    boolean nearOne = Math.abs(balance - UNIT) <= EPSILON_UNITS;
                    RateLimiter.Decision expected =
                            model.request(key, clock.nanoTime(), nearOne ? actual.allowed() : null);
                    assertThat(actual.allowed())
                            .as("%s allowed at %s", key, clock)
                            .isEqualTo(expected.allowed());
                    if (!boundary) {
                        assertThat(actual.remaining()).as("%s remaining", key).isEqualTo(expected.remaining());
                    } else {
                        assertThat(actual.remaining())
                                .as("%s remaining at a boundary", key)
                                .isBetween(expected.remaining() - 1, expected.remaining() + 1);
                    }
                    assertThat(actual.retryAfter().toNanos())
                            .as("%s retryAfter", key)
                            .isBetween(
                                    expected.retryAfter().toNanos() - 1_000,
                                    expected.retryAfter().toNanos() + 1_000);
                    if (!actual.allowed()) {
                        lastRetryAfter = actual.retryAfter();
                    }
                }
                case ADVANCE -> clock.advance(Duration.ofMillis(op.millis()));
                case ADVANCE_BY_RETRY_AFTER -> clock.advance(lastRetryAfter); // a client that obeys Retry-After exactly
            }
            STEPS.incrementAndGet();
            assertThat(real.rejectedCount()).as("rejected after %s", op).isEqualTo(model.rejected);
            assertThat(real.trackedKeys()).as("tracked keys after %s", op).isEqualTo(model.buckets.size());
        }
    }

    @Provide
    Arbitrary<Config> configs() {
        return Combinators.combine(
                        Arbitraries.of(1, 2, 3, 5, 100),
                        Arbitraries.of(1, 2, 3, 7, 10, 1000),
                        Arbitraries.of(1, 2, 3, 10_000))
                .as(Config::new);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(6, Kind.REQUEST), Tuple.of(3, Kind.ADVANCE), Tuple.of(1, Kind.ADVANCE_BY_RETRY_AFTER));
        Arbitrary<Integer> millis =
                Arbitraries.integers().between(0, 2_000).withDistribution(RandomDistribution.biased());
        return Combinators.combine(kind, Arbitraries.integers().between(0, KEYS.length - 1), millis)
                .as(Op::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(120)
                .withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 100)
    void configEdgesAreRefusedWithTheValueInTheMessage(
            @ForAll @IntRange(min = -100, max = 0) int capacity,
            @ForAll @DoubleRange(min = -10, max = 0) double refill) {
        assertThatThrownBy(() -> RateLimiterConfig.builder().capacity(capacity).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
        assertThatThrownBy(() ->
                        RateLimiterConfig.builder().refillPerSecond(refill).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refillPerSecond");
        assertThatThrownBy(() -> RateLimiterConfig.builder().maxKeys(capacity).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxKeys");
    }

    @AfterContainer
    static void enoughSteps() {
        System.out.println("TokenBucketModelTest: " + STEPS.get() + " model steps");
        assertThat(STEPS.get()).isGreaterThanOrEqualTo(REQUIRED_STEPS);
    }
}
