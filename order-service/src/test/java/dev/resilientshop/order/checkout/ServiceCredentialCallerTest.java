package dev.resilientshop.order.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * inventory's reservations and payment's charges answer 401 to a caller without the service
 * credential (issue 13), so order-service must show it on every call it makes, or no checkout
 * would ever complete. The stub records the headers each call arrived with.
 */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class ServiceCredentialCallerTest {

    /** %test.shop.service-credential in application.properties. */
    static final String CREDENTIAL = "test-service-credential-0123456789abcdef";

    @Test
    void everyReservationAndChargeCallCarriesTheServiceCredential() {
        var downstream = Stub.forClient("inventory");
        downstream.reset();
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "credential-" + UUID.randomUUID())
                .body("""
                        {"items":[{"sku":"AUD-0001","quantity":1}],
                         "customer":{"name":"Ada Lovelace","email":"ada@example.com"},
                         "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""")
                .post("/orders")
                .then()
                .statusCode(201)
                .body("status", equalTo("CONFIRMED"));

        var moving = downstream.requests("POST", "/(reservations|charges).*");
        // reserve + charge + commit = 3 calls that move stock or money
        assertThat(moving)
                .hasSize(3)
                .allSatisfy(call -> assertThat(call.headers())
                        .as("%s %s", call.method(), call.path())
                        .containsEntry("x-service-credential", CREDENTIAL));
    }
}
