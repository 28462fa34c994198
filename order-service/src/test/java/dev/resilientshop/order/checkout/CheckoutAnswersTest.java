package dev.resilientshop.order.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The answers that once left the checkout as thrown exceptions, written by the exception mapper
 * (pricing down, an unknown SKU, a reused key, a dependency that did not answer a step), and are now
 * returned by the gate and the saga: the same whole problem documents, member for member, with
 * {@code instance} the request's path and no Retry-After where none was sent.
 */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class CheckoutAnswersTest {

    private static final String CART = """
            {"items":[{"sku":"AUD-0001","quantity":2}],
             "customer":{"name":"Ada Lovelace","email":"ada@example.com"},
             "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""";
    private static final String AGAIN = " (the same Idempotency-Key continues this checkout; nothing is charged twice)";

    @Inject
    DataSource dataSource;

    private Stub downstream;
    private String key;

    @BeforeEach
    void cleanSlate() throws SQLException {
        downstream = CleanSlate.wipe(dataSource);
        key = "answers-" + UUID.randomUUID();
    }

    private ValidatableResponse place(String body) {
        return given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .when()
                .post("/orders")
                .then()
                .contentType("application/problem+json")
                .header("Retry-After", nullValue());
    }

    private static Map<String, Object> problem(ValidatableResponse response) {
        return JsonPath.from(response.extract().asString()).getMap("");
    }

    @Test
    void pricingDownIsTheWhole503ProblemNamingNoOrder() {
        downstream.respond("GET", "/prices", 503, "{\"status\":503}");

        assertThat(problem(place(CART).statusCode(503)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "type",
                        "https://resilient-shop.dev/problems/unavailable",
                        "title",
                        "Service unavailable",
                        "status",
                        503,
                        "detail",
                        "pricing unavailable, try again",
                        "instance",
                        "/orders"));
    }

    @Test
    void anUnknownSkuIsTheWhole422ProblemWithItsField() {
        var answer = problem(place(CART.replace("AUD-0001", "ZZZ-9999")).statusCode(422));

        assertThat(answer)
                .containsEntry("type", "https://resilient-shop.dev/problems/invalid-request")
                .containsEntry("title", "Invalid request")
                .containsEntry("status", 422)
                .containsEntry("detail", "items[0].sku unknown SKU ZZZ-9999")
                .containsEntry("instance", "/orders")
                .containsEntry(
                        "errors", java.util.List.of(Map.of("field", "items[0].sku", "message", "unknown SKU ZZZ-9999")))
                .hasSize(6);
    }

    @Test
    void aReusedKeyIsTheWhole422ProblemNamingNoOrder() {
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(CART)
                .when()
                .post("/orders")
                .then()
                .statusCode(201);

        assertThat(problem(
                        place(CART.replace("\"quantity\":2", "\"quantity\":3")).statusCode(422)))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "type",
                                "https://resilient-shop.dev/problems/invalid-request",
                                "title",
                                "Idempotency-Key reused",
                                "status",
                                422,
                                "instance",
                                "/orders",
                                "detail",
                                "This Idempotency-Key was already used for a different request; a new checkout needs a new key"));
    }

    @Test
    void inventoryNotAnsweringTheReservationIsTheWhole503ProblemWithTheOrder() {
        downstream.drop("POST", "/reservations");

        var answer = problem(place(CART).statusCode(503));

        assertThat(answer)
                .containsEntry("type", "https://resilient-shop.dev/problems/unavailable")
                .containsEntry("title", "Service unavailable")
                .containsEntry("status", 503)
                .containsEntry("detail", "inventory unavailable, try again" + AGAIN)
                .containsEntry("instance", "/orders")
                .containsKey("orderId")
                .hasSize(6);
    }

    @Test
    void paymentNotAnsweringTheChargeIsTheWhole503ProblemWithTheOrder() {
        downstream.respond("POST", "/charges", 500, "{\"status\":500}");

        var answer = problem(place(CART).statusCode(503));

        assertThat(answer)
                .containsEntry("detail", "payment unavailable, try again" + AGAIN)
                .containsEntry("instance", "/orders")
                .containsKey("orderId")
                .hasSize(6);
    }
}
