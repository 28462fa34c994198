package dev.resilientshop.productpage.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Round robin over two inventory replicas as a product page uses it: every page reads the product,
 * then its stock. Hedging is off here, so every request a replica receives is a first attempt the
 * rotation chose (where hedges go is {@link ReplicaPickTest}'s).
 */
@QuarkusTest
@TestProfile(ReplicaRotationTest.TwoReplicas.class)
@WithTestResource(DownstreamStubResource.class)
class ReplicaRotationTest {

    /** The secondary replica is the stub's second inventory, so each replica's requests are counted apart. */
    public static class TwoReplicas implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("%test.quarkus.rest-client.inventory-secondary.url", "${stub.url}/inventory-secondary");
        }
    }

    private static final int PAGES = 20;

    @Inject
    ResilienceMode mode;

    @Inject
    InventoryReplicas replicas;

    @BeforeEach
    void hedgingOff() {
        mode.set(ResilienceMode.Mode.RESILIENT, Set.of(ResilienceMode.Pattern.HEDGING));
        Stub.reset();
    }

    @AfterEach
    void allOn() {
        mode.set(ResilienceMode.Mode.RESILIENT);
    }

    @Test
    void oneClientsProductPagesSpreadTheirStockReadsOverBothReplicas() {
        assertThat(replicas.inRotation()).containsExactly("inventory-primary", "inventory-secondary");
        var products = CatalogSeed.products();
        for (int i = 0; i < PAGES; i++) {
            given().when().get("/p/" + products.get(i).sku()).then().statusCode(200);
        }

        assertThat(Stub.calls("inventory/stock") + Stub.calls("inventory-secondary/stock"))
                .as("one stock read a page")
                .isEqualTo(PAGES);
        assertThat(Stub.calls("inventory/stock"))
                .as("stock reads the primary answered")
                .isEqualTo(PAGES / 2);
        assertThat(Stub.calls("inventory-secondary/stock"))
                .as("stock reads the secondary answered")
                .isEqualTo(PAGES / 2);
        assertThat(Stub.calls("inventory/products"))
                .as("product reads the primary answered")
                .isEqualTo(PAGES / 2);
        assertThat(Stub.calls("inventory-secondary/products"))
                .as("product reads the secondary answered")
                .isEqualTo(PAGES / 2);
    }
}
