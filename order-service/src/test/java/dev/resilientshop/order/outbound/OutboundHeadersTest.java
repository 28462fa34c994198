package dev.resilientshop.order.outbound;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.resilientshop.order.checkout.DownstreamStub;
import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every call of a checkout carries through the typed REST clients: the request's
 * {@code X-Request-Id} (one grep follows a checkout into pricing, inventory and payment), the
 * attempt's budget ({@code X-Request-Budget-Ms}), and on the charge its {@code Idempotency-Key}.
 * The stub records the headers each call arrived with.
 */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class OutboundHeadersTest {

    @Test
    void everyCallOfACheckoutCarriesTheRequestIdAndItsBudgetAndTheChargeItsKey() {
        var downstream = Stub.forClient("pricing");
        downstream.reset();
        var requestId = "checkout-" + UUID.randomUUID().toString().substring(0, 8);
        var orderId = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "headers-" + UUID.randomUUID())
                .header("X-Request-Id", requestId)
                .body("""
                        {"items":[{"sku":"AUD-0001","quantity":1}],
                         "customer":{"name":"Ada Lovelace","email":"ada@example.com"},
                         "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""")
                .post("/orders")
                .then()
                .statusCode(201)
                .body("status", equalTo("CONFIRMED"))
                .extract()
                .path("id");

        var calls = new java.util.ArrayList<>(downstream.requests("GET", "/prices"));
        calls.addAll(downstream.requests("POST", "/(reservations|charges).*"));
        // price + reserve + charge + commit
        assertThat(calls).hasSize(4).allSatisfy(call -> {
            assertThat(call.headers()).as("%s %s", call.method(), call.path()).containsEntry("x-request-id", requestId);
            assertThat(Long.parseLong(call.headers().get("x-request-budget-ms")))
                    .as("%s %s", call.method(), call.path())
                    .isPositive();
        });
        assertThat(downstream.requests("POST", "/charges").get(0).headers())
                .containsEntry("idempotency-key", "charge-" + orderId);
    }
}
