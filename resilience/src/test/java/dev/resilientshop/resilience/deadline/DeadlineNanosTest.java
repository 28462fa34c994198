package dev.resilientshop.resilience.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The pipeline converts its call timeout and reserve to nanoseconds once, when it is built, and
 * calls the nanosecond methods on every call: they must give exactly what the {@link Duration}
 * methods give, for any deadline (bounded or not, near the ends of {@code long}), any reading of
 * the clock, and any timeout and reserve the pipeline's builder accepts (timeout positive,
 * reserve not negative), "no timeout" ({@code Duration.ofSeconds(Long.MAX_VALUE)}) included.
 */
class DeadlineNanosTest {

    private final ManualClock clock = new ManualClock();

    @Property(tries = 2000)
    void aChildFromNanosIsTheChildFromDurations(
            @ForAll("deadlines") long[] createdAndExpires,
            @ForAll("nows") long nowOffset,
            @ForAll("timeouts") Duration timeout,
            @ForAll("reserves") Duration reserve) {
        Deadline d = Deadline.of(clock, createdAndExpires[0], createdAndExpires[1]);
        long now = createdAndExpires[0] + nowOffset;
        Deadline fromDurations = d.child(timeout, reserve, now);
        Deadline fromNanos = d.child(Deadline.nanosOf(timeout), Deadline.nanosOf(reserve), now);
        assertThat(fromNanos.createdAtNanos()).isEqualTo(fromDurations.createdAtNanos());
        assertThat(fromNanos.expiresAtNanos()).isEqualTo(fromDurations.expiresAtNanos());
    }

    @Property(tries = 2000)
    void expiredAtWithAReserveInNanosIsExpiredAtWithItsDuration(
            @ForAll("deadlines") long[] createdAndExpires,
            @ForAll("nows") long nowOffset,
            @ForAll("reserves") Duration reserve) {
        Deadline d = Deadline.of(clock, createdAndExpires[0], createdAndExpires[1]);
        long now = createdAndExpires[0] + nowOffset;
        assertThat(d.isExpiredAt(now, Deadline.nanosOf(reserve))).isEqualTo(d.isExpiredAt(now, reserve));
    }

    /** {created, expires} as Deadline.after, child and none make them: expires ≥ created, or unbounded. */
    @Provide
    Arbitrary<long[]> deadlines() {
        Arbitrary<Long> created = Arbitraries.oneOf(
                Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L),
                Arbitraries.of(0L, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2));
        Arbitrary<Long> budget =
                Arbitraries.oneOf(Arbitraries.longs().between(0, 10_000_000_000L), Arbitraries.of(0L, Long.MAX_VALUE));
        return created.flatMap(c -> budget.map(b -> new long[] {c, b == Long.MAX_VALUE ? Long.MAX_VALUE : c + b}));
    }

    @Provide
    Arbitrary<Long> nows() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 12_000_000_000L), Arbitraries.of(0L, 1L));
    }

    @Provide
    Arbitrary<Duration> timeouts() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 5_000_000_000L).map(Duration::ofNanos),
                Arbitraries.of(
                        Duration.ofNanos(1),
                        Duration.ofSeconds(1),
                        Duration.ofNanos(Long.MAX_VALUE),
                        Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @Provide
    Arbitrary<Duration> reserves() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 2_000_000_000L).map(Duration::ofNanos),
                Arbitraries.of(
                        Duration.ZERO,
                        Duration.ofMillis(100),
                        Duration.ofNanos(Long.MAX_VALUE),
                        Duration.ofSeconds(Long.MAX_VALUE)));
    }
}
