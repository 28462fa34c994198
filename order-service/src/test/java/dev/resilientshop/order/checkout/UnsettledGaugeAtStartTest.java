package dev.resilientshop.order.checkout;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * The {@code orders_unsettled} series exist from start-up, at 0, before any recovery round has
 * run: an absent series is not "nothing unsettled" to a dashboard, and the live metrics check found
 * order-service without it for the first 15 s after a restart (the gauge was registered by the
 * first recovery round). Its own profile, so this Quarkus app is fresh and no other test has
 * touched the recovery beans (recovery rounds are off in tests).
 */
@QuarkusTest
@TestProfile(UnsettledGaugeAtStartTest.FreshApp.class)
@QuarkusTestResource(DownstreamStub.class)
class UnsettledGaugeAtStartTest {

    public static class FreshApp implements QuarkusTestProfile {}

    @Test
    void theUnsettledGaugeIsExportedAtZeroBeforeAnyRecoveryRound() {
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("orders_unsettled{recovery_point=\"needs_attention\""))
                .body(containsString("orders_unsettled{recovery_point=\"stock_reserved\""));
    }
}
