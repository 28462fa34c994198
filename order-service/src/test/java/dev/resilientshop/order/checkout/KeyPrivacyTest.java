package dev.resilientshop.order.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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

/** Issue 12, hole 6: a key or an order id found by someone else reveals nothing of the order. */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class KeyPrivacyTest {

    private static final String CART = """
            {"items":[{"sku":"AUD-0001","quantity":2}],
             "customer":{"name":"Ada Lovelace","email":"ada@example.com"},
             "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""";
    private static final String OTHER = CART.replace("Ada Lovelace", "Mallory").replace("ada@", "mallory@");

    @Inject
    DataSource dataSource;

    private String key;

    @BeforeEach
    void cleanSlate() throws SQLException {
        CleanSlate.wipe(dataSource);
        key = "privacy-" + UUID.randomUUID();
    }

    private ValidatableResponse place(String idempotencyKey, String body) {
        return given().contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey)
                .body(body)
                .when()
                .post("/orders")
                .then();
    }

    @Test
    void anotherCustomersKeyWithAnyBodyNeverRevealsTheirOrderId() {
        String id = place(key, CART).statusCode(201).extract().path("id");

        var answer = place(key, OTHER)
                .statusCode(422)
                .contentType("application/problem+json")
                .extract()
                .asString();

        assertThat(answer).doesNotContain(id).doesNotContain("orderId");
    }

    @Test
    void theOrderIsShownByItsUnguessableViewTokenAndNotByItsId() {
        var placed = place(key, CART).statusCode(201).extract();
        String id = placed.path("id");
        String token = placed.path("viewToken");

        assertThat(token).matches("[0-9a-f]{64}"); // 256 random bits
        assertThat(placed.header("Location")).endsWith("/orders/" + token);
        given().get("/orders/" + id).then().statusCode(404).contentType("application/problem+json");
        given().get("/orders/" + token)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("customer.email", equalTo("ada@example.com"));
        given().get("/orders/" + token.replace(token.charAt(0), token.charAt(0) == 'a' ? 'b' : 'a'))
                .then()
                .statusCode(404);
    }

    @Test
    void aKeyTooShortToBeUnguessableIsA400() {
        place("abcd-123", CART).statusCode(400).contentType("application/problem+json"); // 8 characters
        place("abcdefghijklmno", CART).statusCode(400); // 15 characters
    }

    @Test
    void theStructuredFieldFormOfTheKeyIsTheSameKey() {
        String id = place("\"" + key + "\"", CART).statusCode(201).extract().path("id");

        place(key, CART).statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(id));
        place("\"" + key, CART).statusCode(400).contentType("application/problem+json"); // unterminated string
    }
}
