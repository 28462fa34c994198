package dev.resilientshop.productpage.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.outlier.OutlierEjection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * What a read attempt's end says about its replica ({@link InventoryReplicas#outcome}). The hard
 * case: a timeout and a hedge that lost both end the attempt as cancelled; only the attempt's own
 * deadline tells them apart.
 */
class ReplicaOutcomeTest {

    private final ManualClock clock = new ManualClock();
    private final OutlierEjection group = new OutlierEjection(2, Duration.ofSeconds(5), Duration.ofSeconds(60), clock);
    private final InventoryReplicas.Replica primary = replica("inventory-primary");
    private final InventoryReplicas.Replica secondary = replica("inventory-secondary");

    private InventoryReplicas.Replica replica(String name) {
        return new InventoryReplicas.Replica(name, URI.create("http://" + name), null, group.host(name));
    }

    private Deadline attempt() {
        return Deadline.after(Duration.ofMillis(250), clock);
    }

    @Test
    void attemptsCutOffByTheirDeadlineCountAsFailures() {
        var deadline = attempt();
        clock.advance(Duration.ofMillis(250));
        InventoryReplicas.outcome(primary, deadline, new CancellationException());
        InventoryReplicas.outcome(primary, deadline, new CancellationException());
        assertThat(primary.inRotation(true)).isFalse();
        assertThat(secondary.inRotation(true)).isTrue();
    }

    @Test
    void aHedgeThatLostIsNoFailure() {
        var deadline = attempt();
        clock.advance(Duration.ofMillis(249));
        for (int i = 0; i < 10; i++) {
            InventoryReplicas.outcome(primary, deadline, new CancellationException());
        }
        assertThat(primary.inRotation(true)).isTrue();
    }

    @Test
    void aConnectionErrorCountsAndAnAnswerEndsTheRun() {
        InventoryReplicas.outcome(primary, attempt(), new IOException("connection refused"));
        InventoryReplicas.outcome(primary, attempt(), null);
        InventoryReplicas.outcome(primary, attempt(), new IOException("connection refused"));
        assertThat(primary.inRotation(true))
                .as("an answer came between the two failures")
                .isTrue();
        InventoryReplicas.outcome(primary, attempt(), new IOException("connection refused"));
        assertThat(primary.inRotation(true)).isFalse();
    }

    /** Probation: a replica back from its ejection gets one failed read, not a whole run, before it is out again. */
    @Test
    void aReplicaBackFromItsEjectionIsOutAgainAtItsFirstFailedRead() {
        InventoryReplicas.outcome(primary, attempt(), new IOException("connection refused"));
        InventoryReplicas.outcome(primary, attempt(), new IOException("connection refused"));
        assertThat(primary.inRotation(true)).isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(primary.inRotation(true)).as("back after the base time").isTrue();

        InventoryReplicas.outcome(primary, attempt(), new IOException("connection refused"));
        assertThat(primary.inRotation(true))
                .as("after its first failed read back")
                .isFalse();
        assertThat(primary.reads.ejectedFor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(secondary.inRotation(true)).isTrue();
    }
}
