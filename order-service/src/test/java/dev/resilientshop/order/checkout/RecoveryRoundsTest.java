package dev.resilientshop.order.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, hole 2: one order recovery cannot settle must not stall the others, is retried with
 * backoff, and after {@code order.recovery.max-attempts} (3 in tests) is left to a person as
 * NEEDS_ATTENTION, counted by the {@code orders_unsettled} gauge that the alert watches.
 */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class RecoveryRoundsTest {

    private static final String CART = """
            {"items":[{"sku":"AUD-0001","quantity":2}],
             "customer":{"name":"Ada Lovelace","email":"ada@example.com"},
             "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""";
    /** A charge list that cannot be read: an id that is no UUID (any exception nobody planned for). */
    private static final String UNREADABLE_CHARGES =
            "[{\"id\":\"not-a-uuid\",\"status\":\"CAPTURED\",\"amountCents\":1}]";

    @Inject
    DataSource dataSource;

    @Inject
    Recovery recovery;

    private Stub downstream;

    @BeforeEach
    void cleanSlate() throws SQLException {
        downstream = CleanSlate.wipe(dataSource);
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

    /**
     * An order whose charge got no answer: stock released, the charge to be looked up (recovery's
     * work). Written over a good checkout, so no breaker counts a failure on the way.
     */
    private String paymentGaveNoAnswer(String idle) throws SQLException {
        String id = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "rounds-" + UUID.randomUUID())
                .body(CART)
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        downstream.reset();
        sql(
                "update orders set status = 'FAILED', recovery_point = 'stock_released', reservation_id = null,"
                        + " charge_id = null, response_status = null, response_body = null, updated_at = now() - ?::interval"
                        + " where id = ?::uuid",
                idle,
                id);
        return id;
    }

    /** A paid order whose process died before the commit (crash drill at payment_charged). */
    private String crashedAfterTheCharge(String idle) throws SQLException {
        String id = paymentGaveNoAnswer(idle);
        sql(
                "update orders set status = 'PENDING', recovery_point = 'payment_charged', reservation_id = ?::uuid,"
                        + " charge_id = ?::uuid where id = ?::uuid",
                DownstreamStub.RESERVATION_ID,
                DownstreamStub.CHARGE_ID,
                id);
        return id;
    }

    private int chargeLookups() {
        return downstream.requests("GET", "/charges").size();
    }

    @Test
    void anOrderThatThrowsDoesNotStopTheRoundAndWaitsForItsBackoff() throws SQLException {
        String broken = paymentGaveNoAnswer("3 minutes"); // the oldest: picked first
        String paid = crashedAfterTheCharge("2 minutes");
        downstream.respond("GET", "/charges", 200, UNREADABLE_CHARGES);

        assertThat(recovery.settleAbandoned(Duration.ofSeconds(60)))
                .extracting(UUID::toString)
                .containsExactly(paid);

        assertThat(column("status", paid)).isEqualTo("CONFIRMED");
        assertThat(column("recovery_attempts", broken)).isEqualTo("1");
        int lookups = chargeLookups();
        recovery.settleAbandoned(Duration.ofSeconds(60)); // right away: its backoff has not run out
        assertThat(chargeLookups()).isEqualTo(lookups);
    }

    @Test
    void afterMaxAttemptsAnOrderNeedsAttentionAndRecoveryLeavesItAlone() throws SQLException {
        String broken = paymentGaveNoAnswer("3 minutes");
        downstream.respond("GET", "/charges", 200, UNREADABLE_CHARGES);

        for (int attempt = 1; attempt <= 3; attempt++) {
            sql("update orders set next_recovery_at = now() - interval '1 second'"); // the backoff ran out
            recovery.settleAbandoned(Duration.ofSeconds(60));
        }

        assertThat(column("status", broken)).isEqualTo("NEEDS_ATTENTION");
        assertThat(column("recovery_attempts", broken)).isEqualTo("3");
        assertThat(column("recovery_point", broken)).isEqualTo("stock_released"); // where a person picks it up
        int lookups = chargeLookups();
        sql("update orders set next_recovery_at = now() - interval '1 second'");
        recovery.settleAbandoned(Duration.ofSeconds(60));
        assertThat(chargeLookups()).isEqualTo(lookups);
        var metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("orders_unsettled\\{[^}]*recovery_point=\"needs_attention\"[^}]*} 1\\.0");
    }

    @Test
    void theUnsettledGaugeCountsIdleOrdersByRecoveryPoint() throws SQLException {
        paymentGaveNoAnswer("3 minutes");
        paymentGaveNoAnswer("3 minutes");
        downstream.respond("GET", "/charges", 503, "{\"status\":503}"); // payment down: nothing settles

        recovery.settleAbandoned(Duration.ofSeconds(60));

        var metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("orders_unsettled\\{[^}]*recovery_point=\"stock_released\"[^}]*} 2\\.0");
    }
}
