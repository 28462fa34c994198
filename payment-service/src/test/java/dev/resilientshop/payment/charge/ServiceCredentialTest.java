package dev.resilientshop.payment.charge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.resilientshop.kit.ops.ServiceCredential;
import dev.resilientshop.payment.fraud.FraudApiStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The attack of issue 13, reproduced on a running shop: a buyer takes the {@code chargeId} from
 * their order and posts {@code /charges/{id}/refund} to payment-service themselves; the charge
 * became REFUNDED, no credential asked, the order stayed CONFIRMED: the goods were free. Now the
 * refund (and the charge) need order-service's service credential; without it: 401, nothing changed.
 */
@QuarkusTest
@QuarkusTestResource(FraudApiStub.class)
class ServiceCredentialTest {

    /** %test.shop.service-credential in application.properties. */
    static final String CREDENTIAL = "test-service-credential-0123456789abcdef";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aBuyerPostingARefundWithoutTheServiceCredentialGets401AndTheChargeStaysCaptured() throws Exception {
        String id = given().header(ServiceCredential.HEADER, CREDENTIAL)
                .header("Idempotency-Key", "charge-" + UUID.randomUUID())
                .contentType(ContentType.JSON)
                .body("""
                        {"orderId":"%s","amountCents":4999,"currency":"EUR",
                         "card":{"number":"4242424242424242","holder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""".formatted(UUID.randomUUID()))
                .post("/charges")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        // What the buyer sends: curl -X POST http://payment:8085/charges/<id>/refund
        var refund = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://localhost:" + RestAssured.port + "/charges/" + id + "/refund"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refund.statusCode())
                .as("refund without the service credential")
                .isEqualTo(401);
        assertThat(refund.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        given().header(ServiceCredential.HEADER, CREDENTIAL)
                .get("/charges/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("CAPTURED"));
    }

    @Test
    void aChargeWithoutTheServiceCredentialGets401AndRecordsNothing() throws Exception {
        var orderId = UUID.randomUUID();
        var charge = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/charges"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                        {"orderId":"%s","amountCents":4999,"currency":"EUR",
                         "card":{"number":"4242424242424242","holder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""".formatted(orderId)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(charge.statusCode()).isEqualTo(401);
        given().header(ServiceCredential.HEADER, CREDENTIAL)
                .queryParam("orderId", orderId.toString())
                .get("/charges")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }
}
