package dev.resilientshop.payment.charge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.resilientshop.kit.ops.ServiceCredential;
import dev.resilientshop.payment.fraud.FraudApiStub;
import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, hole 5: a charge without a key could be made twice by a retry; a key reused with
 * another amount or card must not be answered with the first charge as if it were this one.
 */
@QuarkusTest
@QuarkusTestResource(FraudApiStub.class)
class ChargeIdempotencyTest {

    @Inject
    DataSource dataSource;

    private String orderId;
    private String key;

    @BeforeEach
    void cleanSlate() throws SQLException {
        Stub.forClient("fraud").reset();
        orderId = UUID.randomUUID().toString();
        key = "charge-" + orderId;
        try (var c = dataSource.getConnection();
                var delete = c.prepareStatement("delete from charges")) {
            delete.executeUpdate();
        }
    }

    private String body(long amountCents, String currency, String card) {
        return """
                {"orderId":"%s","amountCents":%d,"currency":"%s","email":"ada@example.com",
                 "card":{"number":"%s","holder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""".formatted(orderId, amountCents, currency, card);
    }

    private ValidatableResponse post(String idempotencyKey, String body) {
        var request = given().header(
                        ServiceCredential.HEADER, ServiceCredentialTest.CREDENTIAL) // as order-service calls it
                .contentType(ContentType.JSON)
                .body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.when().post("/charges").then();
    }

    private int rows() throws SQLException {
        try (var c = dataSource.getConnection();
                var count = c.prepareStatement("select count(*) from charges");
                var rs = count.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aChargeWithoutAnIdempotencyKeyIsA400AndNothingIsCharged() throws SQLException {
        post(null, body(4999, "EUR", "4242424242424242"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("Idempotency-Key"));

        assertThat(rows()).isZero();
    }

    @Test
    void aReusedKeyWithAnotherAmountCurrencyOrCardIsA422() throws SQLException {
        String first = post(key, body(4999, "EUR", "4242424242424242"))
                .statusCode(201)
                .extract()
                .path("id");

        post(key, body(5999, "EUR", "4242424242424242"))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Idempotency-Key reused"));
        post(key, body(4999, "USD", "4242424242424242")).statusCode(422);
        post(key, body(4999, "EUR", "5555555555554444")).statusCode(422);

        post(key, body(4999, "EUR", "4242424242424242"))
                .statusCode(200)
                .body("id", equalTo(first)); // the same again: replay
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void theStructuredFieldFormOfTheKeyIsTheSameKey() throws SQLException {
        String first = post("\"" + key + "\"", body(4999, "EUR", "4242424242424242"))
                .statusCode(201)
                .extract()
                .path("id");

        post(key, body(4999, "EUR", "4242424242424242")).statusCode(200).body("id", equalTo(first));
        assertThat(rows()).isEqualTo(1);
    }
}
