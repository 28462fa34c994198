package dev.resilientshop.order.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The saga's holes of issue 12: a paid order must never be confirmed on stock that went back on
 * sale, a commit that cannot succeed ends in a definite state, and the 99th retry is no 500.
 */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class SagaHolesTest {

    static final String OLD = DownstreamStub.RESERVATION_ID;
    static final String FRESH = "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b";
    private static final String CART = """
            {"items":[{"sku":"AUD-0001","quantity":2}],
             "customer":{"name":"Ada Lovelace","email":"ada@example.com"},
             "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""";
    private static final String RELEASED = DownstreamStub.RESERVATION.replace("HELD", "RELEASED");
    private static final String REFUSED_COMMIT = """
            {"title":"Conflict","status":409,"detail":"Reservation is RELEASED and cannot become COMMITTED","status_now":"RELEASED"}""";

    @Inject
    DataSource dataSource;

    @Inject
    Recovery recovery;

    private Stub downstream;
    private String key;

    @BeforeEach
    void cleanSlate() throws SQLException {
        downstream = CleanSlate.wipe(dataSource);
        key = "holes-" + UUID.randomUUID();
    }

    private ValidatableResponse place(String body) {
        return given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .when()
                .post("/orders")
                .then();
    }

    private void sql(String statement, Object... args) throws SQLException {
        try (var c = dataSource.getConnection();
                var st = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
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

    /** Inventory released the first reservation (a lost release, or the expiry sweep); a new one is {@link #FRESH}. */
    private void inventoryGaveTheFirstHoldBack() {
        downstream.respond("GET", "/reservations/" + OLD, 200, RELEASED);
        downstream.respond("POST", "/reservations/" + OLD + "/commit", 409, REFUSED_COMMIT);
        downstream.respond("POST", "/reservations/" + OLD + "/release", 200, RELEASED);
        downstream.respond("POST", "/reservations", 201, DownstreamStub.RESERVATION.replace(OLD, FRESH));
        downstream.respond("GET", "/reservations/" + FRESH, 200, DownstreamStub.RESERVATION.replace(OLD, FRESH));
    }

    /**
     * An order whose process died right after writing {@code point} (a crash drill's kill -9), its
     * key free. Written over a good checkout, so no breaker counts a failure on the way.
     */
    private String crashedAt(String point) throws SQLException {
        String id = place(CART).statusCode(201).extract().path("id");
        downstream.reset();
        sql(
                "update orders set status = 'PENDING', recovery_point = ?, reservation_id = ?::uuid, charge_id = ?::uuid,"
                        + " response_status = null, response_body = null where id = ?::uuid",
                point,
                OLD,
                point.equals("payment_charged") ? DownstreamStub.CHARGE_ID : null,
                id);
        return id;
    }

    @Test
    void aReleaseWhoseAnswerWasLostIsReissuedAndTheRetryNeverConfirmsReleasedStock() throws SQLException {
        // The reproduction: payment gives no answer (1.5 s > the 500 ms test timeout), the
        // release is performed by inventory but its answer is lost (1.5 s again).
        downstream.respondAfter(Duration.ofMillis(1500), "POST", "/charges", 201, DownstreamStub.CHARGE);
        downstream.respondAfter(Duration.ofMillis(1500), "POST", "/reservations/[^/]+/release", 200, RELEASED);
        String id = place(CART).statusCode(503).extract().path("orderId");
        downstream.reset();
        inventoryGaveTheFirstHoldBack();

        // The page says "try again"; the same key again, faults cleared.
        place(CART).statusCode(201).body("status", equalTo("CONFIRMED"));

        // Never CONFIRMED on the RELEASED reservation: a fresh one (<id>-2) was taken and committed.
        assertThat(downstream.requests("POST", "/reservations/" + OLD + "/commit"))
                .isEmpty();
        assertThat(downstream.requests("POST", "/reservations").get(0).body()).contains("\"orderId\":\"" + id + "-2\"");
        assertThat(downstream.requests("POST", "/reservations/" + FRESH + "/commit"))
                .hasSize(1);
        assertThat(column("recovery_point", id)).isEqualTo("finished");
    }

    @Test
    void resumingFromStockReservedChecksTheHoldIsStillHeldBeforeCharging() throws SQLException {
        String id = crashedAt("stock_reserved");
        inventoryGaveTheFirstHoldBack();

        place(CART).statusCode(201).body("status", equalTo("CONFIRMED"));

        assertThat(downstream.requests("GET", "/reservations/" + OLD)).hasSize(1);
        assertThat(downstream.requests("POST", "/reservations").get(0).body()).contains("\"orderId\":\"" + id + "-2\"");
        assertThat(downstream.requests("POST", "/reservations/" + OLD + "/commit"))
                .isEmpty();
        assertThat(downstream.requests("POST", "/reservations/" + FRESH + "/commit"))
                .hasSize(1);
    }

    @Test
    void aCommitRefusedBecauseTheStockWentBackTakesAFreshReservation() throws SQLException {
        String id = crashedAt("payment_charged");
        inventoryGaveTheFirstHoldBack();

        place(CART).statusCode(201).body("status", equalTo("CONFIRMED"));

        // 409 from commit is a definite "no", not an outage: no CONFIRMED on RELEASED stock.
        assertThat(downstream.requests("POST", "/reservations/" + FRESH + "/commit"))
                .hasSize(1);
        assertThat(downstream.requests("POST", "/charges/.*/refund")).isEmpty();
        assertThat(column("recovery_point", id)).isEqualTo("finished");
        assertThat(column("reservation_id", id)).isEqualTo(FRESH);
    }

    @Test
    void aCommitRefusedWithNoStockLeftRefundsAndRejectsTheOrder() throws SQLException {
        String id = crashedAt("payment_charged");
        inventoryGaveTheFirstHoldBack();
        downstream.respond("POST", "/reservations", 409, """
                {"title":"Conflict","status":409,"detail":"Not enough stock","sku":"AUD-0001","available":0}""");
        downstream.respond("POST", "/charges/[^/]+/refund", 200, DownstreamStub.CHARGE.replace("CAPTURED", "REFUNDED"));

        place(CART).statusCode(409).body("sku", equalTo("AUD-0001"));

        assertThat(downstream.requests("POST", "/charges/" + DownstreamStub.CHARGE_ID + "/refund"))
                .hasSize(1);
        assertThat(column("status", id)).isEqualTo("REJECTED");
        assertThat(column("recovery_point", id)).isEqualTo("finished");
    }

    @Test
    void recoveryTakesAFreshReservationWhenACommitIsRefused() throws SQLException {
        // Confirmed while inventory did not answer the commit; by the time recovery commits, the hold went back.
        downstream.respond("POST", "/reservations/[^/]+/commit", 500, "{\"status\":500}");
        String id = place(CART).statusCode(201).extract().path("id");
        downstream.reset();
        inventoryGaveTheFirstHoldBack();
        sql("update orders set updated_at = now() - interval '2 minutes'");

        recovery.settleAbandoned(Duration.ofSeconds(60));

        assertThat(downstream.requests("POST", "/reservations/" + FRESH + "/commit"))
                .hasSize(1);
        assertThat(column("status", id)).isEqualTo("CONFIRMED");
        assertThat(column("recovery_point", id)).isEqualTo("finished");
    }

    @Test
    void aRetryAfterNinetyNineReservationsIsA503NotA500() throws SQLException {
        downstream.respond("POST", "/charges", 503, "{\"status\":503}");
        String id = place(CART).statusCode(503).extract().path("orderId");
        assertThat(column("recovery_point", id)).isEqualTo("stock_released");
        sql("update orders set reservation_attempt = 99 where id = ?::uuid", id);

        // reservation_attempt is checked between 1 and 99: a 100th reservation key cannot be written.
        place(CART).statusCode(503).contentType("application/problem+json");

        assertThat(column("reservation_attempt", id)).isEqualTo("99");
    }

    @Test
    void thePublicOrderViewKeepsInternalIdsInternal() {
        var body = place(CART).statusCode(201).extract().asString();

        assertThat(body)
                .doesNotContain("reservationId")
                .doesNotContain("chargeId")
                .doesNotContain(OLD)
                .doesNotContain(DownstreamStub.CHARGE_ID);
    }
}
