package dev.resilientshop.productpage.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

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
 * Passive outlier ejection (seed 002's timeline): a replica that fails reads while its health
 * check is off (here: never asked) leaves the rotation after five failures in a row, and the
 * pages stop paying for it. Before, round robin kept sending it every other read for as long as
 * the fault lasted, each one rescued by a retry on the other replica.
 */
@QuarkusTest
@TestProfile(ReplicaEjectionTest.TwoReplicasLongEjection.class)
@WithTestResource(DownstreamStubResource.class)
class ReplicaEjectionTest {

    /** Two replicas; an ejection long enough that no test here outlives it. */
    public static class TwoReplicasLongEjection implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "%test.quarkus.rest-client.inventory-secondary.url",
                    "${stub.url}/inventory-secondary",
                    "%test.shop.inventory.outlier.base-ejection",
                    "5m",
                    "%test.shop.inventory.outlier.max-ejection",
                    "5m",
                    "%test.shop.dependency.inventory.timeout",
                    "300ms");
        }
    }

    private static final String OPS_TOKEN = "test-ops-token-0123456789abcdefghijkl"; // the test profile's ops token

    @Inject
    ResilienceMode mode;

    @Inject
    InventoryReplicas replicas;

    @BeforeEach
    void hedgingOffAndEveryReplicaIn() {
        mode.set(ResilienceMode.Mode.RESILIENT, Set.of(ResilienceMode.Pattern.HEDGING));
        // the whole reset, as ./shop resilience product-page reset: the retry budget these reads
        // spend is the pipeline's, and a test that starts with it spent would see 503s
        given().header("X-Ops-Token", OPS_TOKEN)
                .post("/ops/resilience/reset")
                .then()
                .statusCode(204);
        Stub.reset();
    }

    @AfterEach
    void allOn() {
        mode.set(ResilienceMode.Mode.RESILIENT);
        Stub.reset();
    }

    @Test
    void aReplicaThatFailsFiveReadsInARowLeavesTheRotationUntilItsTimeIsUp() {
        Stub.fail("inventory", 503);
        var products = CatalogSeed.products();
        for (int i = 0; i < 10; i++) {
            given().when()
                    .get("/p/" + products.get(i).sku())
                    .then()
                    .statusCode(200)
                    .body(not(containsString("recent snapshot")));
        }
        assertThat(Stub.calls("inventory"))
                .as("reads the failing primary got before it was ejected")
                .isBetween(5, 6);
        assertThat(replicas.inRotation()).containsExactly("inventory-secondary");
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString(
                        "inventory_replica_ejected{replica=\"inventory-primary\",service=\"product-page\"} 1.0"))
                .body(
                        containsString(
                                "inventory_replica_ejections_total{replica=\"inventory-primary\",service=\"product-page\"} 1.0"));

        int before = Stub.calls("inventory");
        for (int i = 10; i < 30; i++) {
            given().when().get("/p/" + products.get(i).sku()).then().statusCode(200);
        }
        assertThat(Stub.calls("inventory") - before)
                .as("reads sent to the ejected primary")
                .isZero();
        assertThat(Stub.calls("inventory-secondary/stock"))
                .as("every page's stock read went to the secondary")
                .isEqualTo(30);
    }

    @Test
    void withOutlierEjectionSwitchedOffTheFailingReplicaKeepsItsShareOfReads() {
        mode.set(
                ResilienceMode.Mode.RESILIENT,
                Set.of(ResilienceMode.Pattern.HEDGING, ResilienceMode.Pattern.OUTLIER_EJECTION));
        Stub.fail("inventory-secondary", 503);
        var products = CatalogSeed.products();
        for (int i = 0; i < 10; i++) {
            given().when().get("/p/" + products.get(i).sku()).then().statusCode(200);
        }
        assertThat(Stub.calls("inventory-secondary"))
                .as("first attempts the failing secondary got: every other read")
                .isEqualTo(10);
        assertThat(replicas.inRotation())
                .as("nothing ejected with the pattern off")
                .contains("inventory-secondary");
    }

    /**
     * The seed's case: a replica that answers, but too late. Each read waits out its 300 ms attempt
     * timeout (the pipeline cancels it at its deadline) and the retry on the other replica answers.
     */
    @Test
    void aReplicaThatAnswersPastTheAttemptTimeoutIsEjectedToo() {
        Stub.delay("inventory-secondary", 1_000);
        var products = CatalogSeed.products();
        for (int i = 0; i < 8; i++) {
            given().when()
                    .get("/p/" + products.get(i).sku())
                    .then()
                    .statusCode(200)
                    .body(not(containsString("recent snapshot")));
        }
        assertThat(Stub.calls("inventory-secondary"))
                .as("reads the slow secondary got before it was ejected")
                .isBetween(5, 6);
        assertThat(replicas.inRotation()).containsExactly("inventory-primary");
    }

    @Test
    void aResetBringsAnEjectedReplicaBack() {
        Stub.fail("inventory", 503);
        var products = CatalogSeed.products();
        for (int i = 0; i < 5; i++) {
            given().when().get("/p/" + products.get(i).sku()).then().statusCode(200);
        }
        assertThat(replicas.inRotation()).containsExactly("inventory-secondary");
        given().header("X-Ops-Token", OPS_TOKEN)
                .post("/ops/resilience/reset")
                .then()
                .statusCode(204);
        assertThat(replicas.inRotation()).containsExactly("inventory-primary", "inventory-secondary");
    }
}
