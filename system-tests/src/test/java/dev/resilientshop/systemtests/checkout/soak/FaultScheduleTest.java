package dev.resilientshop.systemtests.checkout.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The fault schedule alone (no shop): what makes a soak replayable and bounded. */
class FaultScheduleTest {

    @Test
    void theSameSeedPlansTheSameSchedule() {
        var first = ChaosConsistencySoak.schedule(20261130L, 1.5);
        var again = ChaosConsistencySoak.schedule(20261130L, 1.5);
        assertThat(again.faults()).isEqualTo(first.faults());
        assertThat(again.describe()).isEqualTo(first.describe());
    }

    @Test
    void anotherSeedPlansAnotherSchedule() {
        assertThat(ChaosConsistencySoak.schedule(1, 1.5).faults())
                .isNotEqualTo(ChaosConsistencySoak.schedule(2, 1.5).faults());
    }

    @Test
    void theCiRunPlansAtLeastTwentyFaultsWhateverTheSeed() {
        // 1.5 min x 16 faults/min = 24 planned; a fault whose services stay busy past 90 % of the window is dropped
        LongStream.range(0, 200)
                .forEach(seed -> assertThat(
                                ChaosConsistencySoak.schedule(seed, 1.5).faults())
                        .as("seed %d", seed)
                        .hasSizeGreaterThanOrEqualTo(20));
    }

    @Test
    void aServiceTakesOneFaultAtATimeAndAllFaultsFallInTheFirstNinetyPercent() {
        for (long seed = 0; seed < 200; seed++) {
            var schedule = ChaosConsistencySoak.schedule(seed, 1.5);
            var busyUntil = new HashMap<String, Long>();
            for (var fault : schedule.faults()) {
                assertThat(fault.atMs())
                        .as("seed %d %s", seed, fault.describe())
                        .isGreaterThanOrEqualTo(busyUntil.getOrDefault(fault.target(), 0L))
                        .isLessThanOrEqualTo(schedule.window().toMillis() * 9 / 10);
                assertThat(fault.kind().targets).contains(fault.target());
                assertThat(fault.holdMs()).isBetween(fault.kind().minHoldMs, fault.kind().maxHoldMs);
                busyUntil.put(fault.target(), fault.busyUntilMs());
            }
        }
    }

    @Test
    void everyKindOfFaultAndEveryServiceComesUpWithinTenSeeds() {
        var kinds = EnumSet.noneOf(FaultKind.class);
        var killed = new java.util.HashSet<String>();
        for (long seed = 0; seed < 10; seed++) {
            for (var fault : ChaosConsistencySoak.schedule(seed, 1.5).faults()) {
                kinds.add(fault.kind());
                if (fault.kind() == FaultKind.KILL) {
                    killed.add(fault.target());
                }
                if (fault.kind().name().startsWith("INVENTORY")) {
                    assertThat(fault.args()).anyMatch(a -> a.startsWith("path=/reservations"));
                }
            }
        }
        assertThat(kinds).isEqualTo(EnumSet.allOf(FaultKind.class));
        assertThat(killed).containsExactlyInAnyOrder("order", "payment", "inventory-primary", "inventory-secondary");
    }
}
