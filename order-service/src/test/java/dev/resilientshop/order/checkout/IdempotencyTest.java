package dev.resilientshop.order.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key's life cycle: replay, 422, 409 in flight, resume after a 503, settle when abandoned, reap after 24 h. */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class IdempotencyTest {

    private static final String CART = """
            {"items":[{"sku":"AUD-0001","quantity":2}],
             "customer":{"name":"Ada Lovelace","email":"ada@example.com"},
             "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""";

    @Inject
    DataSource dataSource;

    @Inject
    Recovery recovery;

    private Stub downstream;
    private String key;

    @BeforeEach
    void cleanSlate() throws SQLException {
        downstream = CleanSlate.wipe(dataSource);
        key = "idem-" + UUID.randomUUID();
    }

    private ValidatableResponse place(String idempotencyKey, String body) {
        return given().contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey)
                .body(body)
                .when()
                .post("/orders")
                .then();
    }

    private void sql(String statement) throws SQLException {
        try (var c = dataSource.getConnection();
                var st = c.prepareStatement(statement)) {
            st.executeUpdate();
        }
    }

    private String column(String column, String orderId) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement("select " + column + "::text from orders where id = ?")) {
            select.setObject(1, UUID.fromString(orderId));
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void theSameKeyWithAnotherBodyIsA422AndChangesNothing() throws SQLException {
        String id = place(key, CART).statusCode(201).extract().path("id");

        place(key, CART.replace("\"quantity\":2", "\"quantity\":3"))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Idempotency-Key reused"));

        assertThat(downstream.requests("POST", "/charges")).hasSize(1);
        given().get("/orders/" + column("view_token", id)).then().body("items[0].quantity", equalTo(2));
    }

    @Test
    void aReplayedDeclineIsTheSame402() {
        downstream.respond("POST", "/charges", 402, "{\"status\":402,\"reason\":\"card_declined\"}");
        String first = place(key, CART).statusCode(402).extract().asString();

        String again = place(key, CART)
                .statusCode(402)
                .header("Idempotent-Replayed", "true")
                .extract()
                .asString();

        assertThat(again).isEqualTo(first);
        assertThat(downstream.requests("POST", "/charges")).hasSize(1);
    }

    @Test
    void aSecondRequestWhileTheFirstIsRunningIs409WithRetryAfter() throws Exception {
        // the charge takes 400 ms (< the 500 ms test timeout): long enough to send the same key again
        downstream.respondAfter(Duration.ofMillis(400), "POST", "/charges", 201, DownstreamStub.CHARGE);
        var first =
                CompletableFuture.supplyAsync(() -> place(key, CART).extract().statusCode());
        Thread.sleep(200);

        place(key, CART)
                .statusCode(409)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .contentType("application/problem+json");

        assertThat(first.get()).isEqualTo(201);
        assertThat(downstream.requests("POST", "/charges")).hasSize(1);
    }

    @Test
    void aRetryAfterPaymentFailedResumesWithANewReservationAndTheSameChargeKey() throws SQLException {
        downstream.respond("POST", "/charges", 503, "{\"status\":503}");
        String id = place(key, CART)
                .statusCode(503)
                .body("detail", containsString("try again"))
                .extract()
                .path("orderId");
        assertThat(column("recovery_point", id)).isEqualTo("stock_released");
        // 503 is transient and the charge is keyed: 2 attempts (the payment pipeline's retry)
        assertThat(downstream.requests("POST", "/charges")).hasSize(2);

        downstream.reset();
        place(key, CART).statusCode(201).body("id", equalTo(id)).body("status", equalTo("CONFIRMED"));

        var reserve = downstream.requests("POST", "/reservations").get(0);
        assertThat(reserve.body()).contains("\"orderId\":\"" + id + "-2\"");
        assertThat(downstream.requests("POST", "/charges").get(0).headers().get("idempotency-key"))
                .isEqualTo("charge-" + id);
        assertThat(column("recovery_point", id)).isEqualTo("finished");
    }

    @Test
    void anAbandonedHalfDoneCheckoutIsReleasedAndClosedAndItsKeyAnswersWithTheFailedOrder() throws SQLException {
        downstream.respond("POST", "/charges", 503, "{\"status\":503}");
        downstream.respond("POST", "/reservations/[^/]+/release", 503, "{\"status\":503}");
        String id = place(key, CART).statusCode(503).extract().path("orderId");
        assertThat(column("recovery_point", id)).isEqualTo("release_pending");
        downstream.reset();
        sql("update orders set updated_at = now() - interval '2 minutes'");
        downstream.respond("GET", "/charges", 200, "[]");

        assertThat(recovery.settleAbandoned(Duration.ofSeconds(60)))
                .extracting(UUID::toString)
                .containsExactly(id);

        assertThat(downstream.requests("POST", "/reservations/[^/]+/release")).hasSize(1);
        assertThat(column("status", id)).isEqualTo("FAILED");
        assertThat(column("recovery_point", id)).isEqualTo("finished");
        place(key, CART).statusCode(200).header("Idempotent-Replayed", "true").body("status", equalTo("FAILED"));
    }

    @Test
    void anAbandonedCheckoutWhoseReleaseWasLostIsReleasedAgainAndItsLateChargeRefunded() throws SQLException {
        downstream.respond("POST", "/charges", 503, "{\"status\":503}");
        downstream.respond("POST", "/reservations/[^/]+/release", 503, "{\"status\":503}");
        String id = place(key, CART).statusCode(503).extract().path("orderId");
        downstream.reset();
        sql("update orders set updated_at = now() - interval '2 minutes'");
        downstream.respond("GET", "/charges", 200, "[" + DownstreamStub.CHARGE + "]");
        downstream.respond("POST", "/charges/[^/]+/refund", 200, DownstreamStub.CHARGE.replace("CAPTURED", "REFUNDED"));

        recovery.settleAbandoned(Duration.ofSeconds(60));

        // The release may have happened: the stock is not the order's any more, so the money goes back.
        assertThat(downstream.requests("POST", "/reservations/[^/]+/release")).hasSize(1);
        assertThat(downstream.requests("POST", "/charges/" + DownstreamStub.CHARGE_ID + "/refund"))
                .hasSize(1);
        assertThat(downstream.requests("POST", "/reservations/[^/]+/commit")).isEmpty();
        assertThat(column("status", id)).isEqualTo("FAILED");
    }

    @Test
    void anAbandonedCheckoutStillHoldingItsStockWhoseChargeWasCapturedIsConfirmed() throws SQLException {
        String id = place(key, CART).statusCode(201).extract().path("id");
        downstream.reset();
        // as if the process died right after reserving, its charge made meanwhile
        sql("update orders set status = 'PENDING', recovery_point = 'stock_reserved', charge_id = null,"
                + " response_status = null, response_body = null, updated_at = now() - interval '2 minutes'");
        downstream.respond("GET", "/charges", 200, "[" + DownstreamStub.CHARGE + "]");

        recovery.settleAbandoned(Duration.ofSeconds(60));

        assertThat(downstream.requests("GET", "/reservations/" + DownstreamStub.RESERVATION_ID))
                .hasSize(1);
        assertThat(downstream.requests("POST", "/reservations/[^/]+/commit")).hasSize(1);
        assertThat(column("status", id)).isEqualTo("CONFIRMED");
        place(key, CART).statusCode(201).body("status", equalTo("CONFIRMED"));
    }

    @Test
    void keysOlderThan24HoursAreReapedAndMayBeUsedAgain() throws SQLException {
        String first = place(key, CART).statusCode(201).extract().path("id");

        assertThat(recovery.reapKeys(OffsetDateTime.now().plusHours(23))).isZero(); // 23 h: kept
        assertThat(recovery.reapKeys(OffsetDateTime.now().plusHours(25))).isEqualTo(1); // 25 h > 24 h: reaped

        String second = place(key, CART).statusCode(201).extract().path("id");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void anOversizedBodyIsA413ProblemAndNothingIsWritten() throws SQLException {
        var huge = CART.replace("Ada Lovelace\",\"email", "x".repeat(70_000) + "\",\"email");
        place(key, huge).statusCode(413).contentType("application/problem+json");
        place(key, CART.replace("\"quantity\":2", "\"quantity\":-1"))
                .statusCode(422)
                .contentType("application/problem+json");
        place("short", CART).statusCode(400).contentType("application/problem+json");
        place("has spaces in it", CART).statusCode(400);
        place("x".repeat(65), CART).statusCode(400);

        try (var c = dataSource.getConnection();
                var st = c.prepareStatement("select count(*) from orders");
                var rs = st.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertThat(downstream.requests("GET", "/prices")).isEmpty();
    }

    @Test
    void theCrashPointCannotBeArmedWithoutTheOpsToken() {
        given().contentType(ContentType.JSON)
                .body("{\"point\":\"started\"}")
                .put("/ops/crash-point")
                .then()
                .statusCode(401);
    }
}
