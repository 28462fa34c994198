package dev.resilientshop.productpage.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client-side balancing of inventory reads (seed 003): round robin, retries move on, hedges go elsewhere. */
class ReplicaPickTest {

    private final InventoryReplicas.Replica primary = new InventoryReplicas.Replica("inventory-primary", URI.create("http://p"), null);
    private final InventoryReplicas.Replica secondary = new InventoryReplicas.Replica("inventory-secondary", URI.create("http://s"), null);
    private final List<InventoryReplicas.Replica> both = List.of(primary, secondary);

    @Test
    void aHedgeGoesToTheOtherReplicaThanTheAttemptBeforeIt() {
        var pick = new InventoryReplicas.Pick(both, 0, both);
        assertThat(pick.attempt()).isSameAs(primary);
        assertThat(pick.hedge()).isSameAs(secondary);
    }

    @Test
    void aRetryGoesToTheNextReplicaInTheRotation() {
        var pick = new InventoryReplicas.Pick(both, 1, both);
        assertThat(pick.attempt()).isSameAs(secondary); // first attempt
        assertThat(pick.attempt()).isSameAs(primary);   // retry
        assertThat(pick.hedge()).isSameAs(secondary);   // hedge of the retry
    }

    @Test
    void withOneHealthyReplicaTheHedgeStillTriesTheOtherOne() {
        var pick = new InventoryReplicas.Pick(List.of(secondary), 0, both);
        assertThat(pick.attempt()).isSameAs(secondary);
        assertThat(pick.hedge()).isSameAs(primary); // out of the rotation, but a hedge is a second chance
    }

    @Test
    void aReplicaLeavesTheRotationAfterTwoFailedChecksAndComesBackAfterOnePassing() {
        primary.checked(false);
        assertThat(primary.healthy).isTrue();  // 1 failed check: still in
        primary.checked(false);
        assertThat(primary.healthy).isFalse(); // FALL = 2: out
        primary.checked(true);
        assertThat(primary.healthy).isTrue();  // one pass: back
    }
}
