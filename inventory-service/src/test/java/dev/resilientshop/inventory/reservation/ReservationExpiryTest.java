package dev.resilientshop.inventory.reservation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.resilientshop.kit.ops.ServiceCredential;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, hole 3: a HELD reservation nobody owns (an invented orderId, an order whose process
 * died and was never retried) is given back once it expires, and a commit that reaches the row
 * first still wins: the sweep takes only the rows it can lock, and re-reads HELD under the lock.
 */
@QuarkusTest
class ReservationExpiryTest {

    private static final String SKU = "TOY-0049";

    @Inject
    DataSource dataSource;

    @Inject
    ReservationSweeper sweeper;

    @BeforeEach
    void tenInStock() throws SQLException {
        // These endpoints are order-service's: every call carries its service credential
        // (%test.shop.service-credential).
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader(ServiceCredential.HEADER, "test-service-credential-0123456789abcdef")
                .build();
        sweeper.sweep(); // whatever earlier runs left expired
        sql("update stock set available = 10 where sku = ?", SKU);
    }

    @AfterEach
    void forgetTheServiceCredential() {
        RestAssured.requestSpecification = null;
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

    private int stock() throws SQLException {
        try (var c = dataSource.getConnection();
                var st = c.prepareStatement("select available from stock where sku = ?")) {
            st.setString(1, SKU);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Holds 3 of {@link #SKU}; returns the reservation id. */
    private String hold() {
        return given().contentType(ContentType.JSON)
                .body("{\"orderId\":\"%s\",\"items\":[{\"sku\":\"%s\",\"quantity\":3}]}"
                        .formatted(UUID.randomUUID(), SKU))
                .post("/reservations")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private void expire(String id) throws SQLException {
        sql("update reservations set expires_at = now() - interval '1 second' where id = ?::uuid", id);
    }

    @Test
    void aReservationCarriesItsExpiryLongerThanAnySaga() {
        var before = OffsetDateTime.now();
        var id = hold();

        String expiresAt = given().get("/reservations/" + id)
                .then()
                .statusCode(200)
                .extract()
                .path("expiresAt");

        // inventory.reservation.hold-for: 15 min, against a checkout's 15 s budget and recovery's 60 s
        assertThat(OffsetDateTime.parse(expiresAt)).isAfter(before.plus(Duration.ofMinutes(14)));
    }

    @Test
    void anExpiredHeldReservationIsReleasedByTheSweepAndItsStockGoesBack() throws SQLException {
        var id = hold();
        var notYet = hold();
        assertThat(stock()).isEqualTo(4);
        expire(id);

        assertThat(sweeper.sweep()).isEqualTo(1);

        given().get("/reservations/" + id).then().body("status", equalTo("RELEASED"));
        given().get("/reservations/" + notYet).then().body("status", equalTo("HELD"));
        assertThat(stock()).isEqualTo(7);
        given().post("/reservations/" + id + "/commit").then().statusCode(409); // too late: the stock is on sale again
    }

    @Test
    void aCommitThatArrivesBeforeTheSweepWinsEvenPastTheExpiry() throws SQLException {
        var id = hold();
        expire(id);

        given().post("/reservations/" + id + "/commit").then().statusCode(200).body("status", equalTo("COMMITTED"));

        assertThat(sweeper.sweep()).isZero();
        assertThat(stock()).isEqualTo(7);
    }

    @Test
    void theSweepLeavesARowThatACommitHoldsLockedAndTheCommitWins() throws SQLException {
        var id = hold();
        expire(id);
        try (var commit = dataSource.getConnection()) {
            // A commit in progress: it holds the row lock (as ReservationRepository.commit does)...
            commit.setAutoCommit(false);
            try (var lock = commit.prepareStatement("select status from reservations where id = ?::uuid for update")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            // ...so the sweep, at the same moment, skips the row instead of releasing it.
            assertThat(sweeper.sweep()).isZero();
            try (var done = commit.prepareStatement(
                    "update reservations set status = 'COMMITTED' where id = ?::uuid and status = 'HELD'")) {
                done.setString(1, id);
                assertThat(done.executeUpdate()).isEqualTo(1);
            }
            commit.commit();
        }

        assertThat(sweeper.sweep()).isZero(); // after the commit: COMMITTED is never swept
        given().get("/reservations/" + id).then().body("status", equalTo("COMMITTED"));
        assertThat(stock()).isEqualTo(7);
    }
}
