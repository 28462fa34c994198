package dev.resilientshop.order.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class OrderResourceTest {

    private static final String CART = """
            {"items":[{"sku":"AUD-0001","quantity":2},{"sku":"CAM-0042","quantity":1}],
             "customer":{"name":"Ada Lovelace","email":"ada@example.com"},
             "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""";
    // 2 x 39.99 + 1 x 129.00
    private static final int CART_TOTAL = 2 * 3999 + 12900;

    @Inject
    DataSource dataSource;

    private Stub downstream;
    private String key;

    @BeforeEach
    void cleanSlate() throws SQLException {
        downstream = CleanSlate.wipe(dataSource);
        key = "checkout-" + UUID.randomUUID();
    }

    private ValidatableResponse place(String idempotencyKey, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.when().post("/orders").then();
    }

    private int orders() throws SQLException {
        try (var c = dataSource.getConnection();
                var count = c.prepareStatement(
                        "select (select count(*) from orders) + (select count(*) from order_lines)");
                var rs = count.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String recoveryPoint(String orderId) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement("select recovery_point from orders where id = ?")) {
            select.setObject(1, UUID.fromString(orderId));
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** What the confirmation page shows the order by (the id alone opens nothing). */
    private String viewToken(String orderId) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement("select view_token from orders where id = ?")) {
            select.setObject(1, UUID.fromString(orderId));
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private int calls(String method, String path) {
        return downstream.requests(method, path).size();
    }

    @Test
    void aPaidOrderIsReservedChargedCommittedAndConfirmed() throws SQLException {
        String id = place(key, CART)
                .statusCode(201)
                .header("Location", containsString("/orders/"))
                .header("X-Served-By", "order")
                .body("status", equalTo("CONFIRMED"))
                .body("totalCents", equalTo(CART_TOTAL))
                .body("currency", equalTo("EUR"))
                .body("items.sku", hasItems("AUD-0001", "CAM-0042"))
                .body("items[0].unitPriceCents", equalTo(3999))
                .body("customer.email", equalTo("ada@example.com"))
                .body("declineReason", nullValue())
                .extract()
                .path("id");

        var reservation = downstream.requests("POST", "/reservations").get(0);
        assertThat(reservation.body()).contains("\"orderId\":\"" + id + "\"").contains("\"sku\":\"CAM-0042\"");
        var charge = downstream.requests("POST", "/charges").get(0);
        assertThat(charge.headers()).containsEntry("idempotency-key", "charge-" + id);
        assertThat(charge.body()).contains("\"amountCents\":" + CART_TOTAL).contains("4242424242424242");
        assertThat(calls("POST", "/reservations/" + DownstreamStub.RESERVATION_ID + "/commit"))
                .isEqualTo(1);
        assertThat(calls("POST", "/reservations/.*/release")).isZero();
        assertThat(recoveryPoint(id)).isEqualTo("finished");
        given().when()
                .get("/orders/" + viewToken(id))
                .then()
                .statusCode(200)
                .body("status", equalTo("CONFIRMED"))
                .body("items.quantity", hasItems(2, 1));
    }

    @Test
    void theCardNumberIsNeverStored() throws SQLException {
        place(key, CART).statusCode(201);

        try (var c = dataSource.getConnection();
                var select = c.prepareStatement("select o::text from orders o");
                var rs = select.executeQuery()) {
            rs.next();
            assertThat(rs.getString(1)).doesNotContain("4242424242424242").doesNotContain("4242 4242");
        }
    }

    @Test
    void aDeclinedChargeReleasesTheStockAndDeclinesTheOrder() throws SQLException {
        downstream.respond("POST", "/charges", 402, """
                {"type":"https://resilient-shop.dev/problems/payment-declined","title":"Payment declined","status":402,
                 "reason":"insufficient_funds"}""");

        String id = place(key, CART)
                .statusCode(402)
                .contentType("application/problem+json")
                .body("reason", equalTo("insufficient_funds"))
                .extract()
                .path("orderId");

        assertThat(calls("POST", "/reservations/" + DownstreamStub.RESERVATION_ID + "/release"))
                .isEqualTo(1);
        assertThat(calls("POST", "/reservations/.*/commit")).isZero();
        given().when()
                .get("/orders/" + viewToken(id))
                .then()
                .statusCode(200)
                .body("status", equalTo("DECLINED"))
                .body("declineReason", equalTo("insufficient_funds"));
        assertThat(recoveryPoint(id)).isEqualTo("finished");
    }

    @Test
    void anOutOfStockLineRejectsTheOrderWithoutCharging() throws SQLException {
        downstream.respond("POST", "/reservations", 409, """
                {"title":"Conflict","status":409,"detail":"Not enough stock","sku":"CAM-0042","available":0}""");

        String id = place(key, CART)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("sku", equalTo("CAM-0042"))
                .body("available", equalTo(0))
                .extract()
                .path("orderId");

        assertThat(calls("POST", "/charges")).isZero();
        given().when().get("/orders/" + viewToken(id)).then().body("status", equalTo("REJECTED"));
        assertThat(recoveryPoint(id)).isEqualTo("finished");
    }

    @Test
    void aFailingPaymentServiceReleasesTheStockAndFailsTheOrder() throws SQLException {
        downstream.respond("POST", "/charges", 500, "{\"status\":500}");

        String id = place(key, CART)
                .statusCode(503)
                .contentType("application/problem+json")
                .extract()
                .path("orderId");

        assertThat(calls("POST", "/reservations/.*/release")).isEqualTo(1);
        given().when().get("/orders/" + viewToken(id)).then().body("status", equalTo("FAILED"));
        // The charge's outcome is unknown, but the stock is back: recovery only has to look at payment.
        assertThat(recoveryPoint(id)).isEqualTo("stock_released");
    }

    @Test
    void aPaymentServiceSlowerThanItsTimeoutReleasesTheStockAndFailsTheOrder() throws SQLException {
        // 1.5 s at the stub > the 500 ms test read-timeout (3 s in production, seed 003)
        downstream.respondAfter(Duration.ofMillis(1500), "POST", "/charges", 201, DownstreamStub.CHARGE);

        String id = place(key, CART).statusCode(503).extract().path("orderId");

        assertThat(calls("POST", "/reservations/.*/release")).isEqualTo(1);
        given().when().get("/orders/" + viewToken(id)).then().body("status", equalTo("FAILED"));
    }

    @Test
    void whenTheReleaseAlsoFailsTheOrderKeepsTheReservationAsItsRecoveryPoint() throws SQLException {
        downstream.respond("POST", "/charges", 402, "{\"status\":402,\"reason\":\"card_declined\"}");
        downstream.respond("POST", "/reservations/[^/]+/release", 503, "{\"status\":503}");

        String id = place(key, CART).statusCode(402).extract().path("orderId");

        given().when().get("/orders/" + viewToken(id)).then().body("status", equalTo("DECLINED"));
        assertThat(recoveryPoint(id)).isEqualTo("release_pending"); // sent again by a retry or recovery
    }

    @Test
    void anUnavailableInventoryFailsTheOrderWithoutCharging() throws SQLException {
        downstream.drop("POST", "/reservations");

        String id = place(key, CART)
                .statusCode(503)
                .contentType("application/problem+json")
                .extract()
                .path("orderId");

        assertThat(calls("POST", "/charges")).isZero();
        given().when().get("/orders/" + viewToken(id)).then().body("status", equalTo("FAILED"));
        assertThat(recoveryPoint(id)).isEqualTo("started");
    }

    @Test
    void aPaidOrderIsConfirmedEvenIfTheCommitIsNotAnsweredYet() throws SQLException {
        downstream.respond("POST", "/reservations/[^/]+/commit", 500, "{\"status\":500}");

        String id = place(key, CART)
                .statusCode(201)
                .body("status", equalTo("CONFIRMED"))
                .extract()
                .path("id");

        assertThat(recoveryPoint(id)).isEqualTo("payment_charged");
    }

    @Test
    void anUnavailablePricingServiceIsA503AndNothingIsWritten() throws SQLException {
        downstream.respond("GET", "/prices", 503, "{\"status\":503}");

        place(key, CART).statusCode(503).contentType("application/problem+json");

        assertThat(orders()).isZero();
        assertThat(calls("POST", "/reservations")).isZero();
    }

    @Test
    void anUnknownSkuIsA422AndNothingIsWrittenOrReserved() throws SQLException {
        place(key, CART.replace("CAM-0042", "ZZZ-9999"))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("items[1].sku"))
                .body("errors.message", hasItems("unknown SKU ZZZ-9999"));

        assertThat(orders()).isZero();
        assertThat(calls("POST", "/reservations")).isZero();
    }

    @Test
    void theSameKeyTwiceGivesOneOrderAndRunsTheSagaOnce() throws SQLException {
        var placed = place(key, CART).statusCode(201).extract();
        String first = placed.path("id");

        // The first answer again, status and body, marked as a replay.
        place(key, CART)
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Location", containsString("/orders/" + placed.path("viewToken")))
                .body("id", equalTo(first))
                .body("status", equalTo("CONFIRMED"));

        assertThat(orders()).isEqualTo(3); // one order + its two lines
        assertThat(calls("GET", "/prices")).isEqualTo(1);
        assertThat(calls("POST", "/reservations")).isEqualTo(1);
        assertThat(calls("POST", "/charges")).isEqualTo(1);
    }

    @Test
    void tenConcurrentCheckoutsWithOneKeyCreateOneOrder() throws Exception {
        // Pricing answers slowly enough that all ten pass the "order for this key?" check before
        // any of them inserts: only the UNIQUE key can stop the duplicates.
        downstream.respondAfter(Duration.ofMillis(150), "GET", "/prices", 200, DownstreamStub.PRICES);
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/orders"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(CART))
                .build();
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(10);
        try {
            var answers = new ArrayList<Future<HttpResponse<String>>>();
            for (int i = 0; i < 10; i++) {
                Callable<HttpResponse<String>> call = () -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            var statuses = new ArrayList<Integer>();
            var ids = new HashSet<String>();
            for (var answer : answers) {
                var response = answer.get();
                statuses.add(response.statusCode());
                var body = JsonPath.from(response.body());
                if (response.statusCode() != 409) { // a 409 names no order
                    ids.add(body.getString("id"));
                }
                if (response.statusCode() == 409) {
                    assertThat(response.headers().firstValue("Retry-After")).isPresent();
                }
            }

            // the first 201; the others either replays of it (201) or "still in flight" (409)
            assertThat(statuses).as(statuses.toString()).containsOnly(201, 409).contains(201);
            assertThat(ids).hasSize(1);
            assertThat(orders()).isEqualTo(3);
            assertThat(calls("POST", "/charges")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingIdempotencyKeyIsA400AndNothingIsWritten() throws SQLException {
        place(null, CART)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("Idempotency-Key"));

        assertThat(orders()).isZero();
        assertThat(calls("GET", "/prices")).isZero();
    }

    @Test
    void aMalformedIdempotencyKeyIsA400AndNothingIsWritten() throws SQLException {
        place("short", CART).statusCode(400).contentType("application/problem+json");
        place("has spaces in it", CART).statusCode(400);

        assertThat(orders()).isZero();
    }

    @Test
    void malformedJsonIsA400AndNothingIsWritten() throws SQLException {
        place(key, "{\"items\": [").statusCode(400).contentType("application/problem+json");
        place(key, "").statusCode(400).contentType("application/problem+json");

        assertThat(orders()).isZero();
    }

    @Test
    void invalidFieldsAreA422ListingEachAndNothingIsCalledOrWritten() throws SQLException {
        var bad = """
                {"items":[{"sku":"aud-1","quantity":0},{"sku":"CAM-0042","quantity":100},{"sku":"CAM-0042","quantity":1}],
                 "customer":{"name":" ","email":"ada.example.com"},
                 "payment":{"cardNumber":"4242424242424241","cardHolder":"","expiry":"2039-12","cvc":"1"}}""";

        place(key, bad)
                .statusCode(422)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        hasItems(
                                "items[0].sku",
                                "items[0].quantity",
                                "items[1].quantity",
                                "items[2].sku",
                                "customer.name",
                                "customer.email",
                                "payment.cardNumber",
                                "payment.cardHolder",
                                "payment.expiry",
                                "payment.cvc"));

        assertThat(orders()).isZero();
        assertThat(calls("GET", "/prices")).isZero();
    }

    @Test
    void anEmptyCartOrMissingPartsAreA422() {
        place(key, "{\"items\":[],\"customer\":null}")
                .statusCode(422)
                .body("errors.field", hasItems("items", "customer", "payment"));
    }

    @Test
    void moreThanFiftyLinesAreA422() {
        var lines = new StringBuilder();
        for (int i = 1; i <= 51; i++) {
            lines.append(i > 1 ? "," : "").append("{\"sku\":\"AUD-%04d\",\"quantity\":1}".formatted(i));
        }
        place(key, CART.replaceFirst("\\[.*?\\]", "[" + lines + "]"))
                .statusCode(422)
                .body("errors.field", hasItems("items"));
    }

    @Test
    void anUnknownOrMalformedOrderReferenceIsA404() {
        given().when()
                .get("/orders/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/orders/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/orders/" + "0".repeat(64)).then().statusCode(404).contentType("application/problem+json");
    }
}
