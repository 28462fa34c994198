package dev.resilientshop.productpage.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.resilience.core.ManualClock;
import dev.resilientshop.resilience.outlier.OutlierEjection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client-side balancing of inventory reads (seed 003): round robin, retries move on, hedges go elsewhere. */
class ReplicaPickTest {

    /** One failed read ejects a replica, so a test can take one out of the rotation in a line. */
    private final OutlierEjection group =
            new OutlierEjection(1, Duration.ofSeconds(5), Duration.ofSeconds(60), new ManualClock());

    private final InventoryReplicas.Replica primary = replica("inventory-primary");
    private final InventoryReplicas.Replica secondary = replica("inventory-secondary");
    private final List<InventoryReplicas.Replica> both = List.of(primary, secondary);

    private InventoryReplicas.Replica replica(String name) {
        return new InventoryReplicas.Replica(name, URI.create("http://" + name), null, group.host(name));
    }

    @Test
    void aHedgeGoesToTheOtherReplicaThanTheAttemptBeforeIt() {
        var pick = new InventoryReplicas.Pick(both, 0, both, true);
        assertThat(pick.attempt()).isSameAs(primary);
        assertThat(pick.hedge()).isSameAs(secondary);
    }

    @Test
    void aRetryGoesToTheNextReplicaInTheRotation() {
        var pick = new InventoryReplicas.Pick(both, 1, both, true);
        assertThat(pick.attempt()).isSameAs(secondary); // first attempt
        assertThat(pick.attempt()).isSameAs(primary); // retry
        assertThat(pick.hedge()).isSameAs(secondary); // hedge of the retry
    }

    @Test
    void withOneHealthyReplicaTheHedgeStillTriesTheOtherOne() {
        var pick = new InventoryReplicas.Pick(List.of(secondary), 0, both, true);
        assertThat(pick.attempt()).isSameAs(secondary);
        assertThat(pick.hedge()).isSameAs(primary); // out of the rotation, but a hedge is a second chance
    }

    /**
     * The one {@code ejecting} a pick is made with both chooses its rotation and rides along for its
     * attempts: with ejection on, the ejected primary is left out and the attempts feed the ejection;
     * with it off, the primary is in and nothing is fed. Never one without the other.
     */
    @Test
    void aPickCarriesTheEjectingFlagItsRotationWasChosenWith() {
        primary.reads.failed();
        assertThat(primary.reads.isEjected()).isTrue();

        var ejecting = InventoryReplicas.pick(both, 0, true);
        assertThat(ejecting.ejecting()).isTrue();
        assertThat(ejecting.attempt())
                .as("the ejected primary is out of the rotation")
                .isSameAs(secondary);

        var notEjecting = InventoryReplicas.pick(both, 0, false);
        assertThat(notEjecting.ejecting()).isFalse();
        assertThat(notEjecting.attempt())
                .as("with ejection off the primary is in the rotation")
                .isSameAs(primary);
    }

    @Test
    void aReplicaLeavesTheRotationAfterTwoFailedChecksAndComesBackAfterOnePassing() {
        primary.checked(false);
        assertThat(primary.healthy).isTrue(); // 1 failed check: still in
        primary.checked(false);
        assertThat(primary.healthy).isFalse(); // FALL = 2: out
        primary.checked(true);
        assertThat(primary.healthy).isTrue(); // one pass: back
    }
}
