package dev.resilientshop.kit.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The attack of issue 13: a buyer posts {@code /charges/{id}/refund} straight at payment-service.
 * An endpoint marked {@link ServiceOnly} answers 401 problem+json and does nothing unless the
 * caller shows the service credential (configured in src/test/resources/application.properties).
 */
@QuarkusTest
class ServiceCredentialFilterTest {

    static final String CREDENTIAL = "test-service-credential-0123456789abcdef";

    @Test
    void aRefundWithoutTheServiceCredentialIs401AndRefundsNothing() {
        int before = MoneyResource.REFUNDS.get();

        given().post("/test/money/ch-1/refund")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .header("WWW-Authenticate", "ServiceCredential");
        given().header(ServiceCredential.HEADER, CREDENTIAL.substring(1))
                .post("/test/money/ch-1/refund")
                .then()
                .statusCode(401);
        given().header(OpsToken.HEADER, "test-ops-token-0123456789abcdefghijkl")
                .post("/test/money/ch-1/refund")
                .then()
                .statusCode(401); // the ops token is not a service credential

        assertThat(MoneyResource.REFUNDS.get()).as("refunds that got through").isEqualTo(before);
    }

    @Test
    void aRefundWithTheServiceCredentialGoesThrough() {
        int before = MoneyResource.REFUNDS.get();
        given().header(ServiceCredential.HEADER, CREDENTIAL)
                .post("/test/money/ch-1/refund")
                .then()
                .statusCode(200)
                .body(containsString("refund"));
        assertThat(MoneyResource.REFUNDS.get()).isEqualTo(before + 1);
    }

    @Test
    void aDotSegmentSpellingOfThePathIsStillGuarded() {
        int before = MoneyResource.REFUNDS.get();
        given().urlEncodingEnabled(false)
                .post("/test/../test/money/ch-1/refund")
                .then()
                .statusCode(401);
        assertThat(MoneyResource.REFUNDS.get()).isEqualTo(before);
    }

    @Test
    void endpointsNotMarkedServiceOnlyStayOpen() {
        given().get("/test/money/ch-1").then().statusCode(200);
    }
}
