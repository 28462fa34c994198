package dev.resilientshop.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReservationResourceTest {

    /**
     * These endpoints are order-service's: every call here carries its service credential
     * (%test.shop.service-credential); built per test, when RestAssured knows the random port.
     */
    @org.junit.jupiter.api.BeforeEach
    void callAsTheOrderService() {
        io.restassured.RestAssured.requestSpecification = new io.restassured.builder.RequestSpecBuilder()
                .addHeader(
                        dev.resilientshop.kit.ops.ServiceCredential.HEADER, "test-service-credential-0123456789abcdef")
                .build();
    }

    @org.junit.jupiter.api.AfterEach
    void forgetTheServiceCredential() {
        io.restassured.RestAssured.requestSpecification = null;
    }

    @Inject
    DataSource dataSource;

    @Test
    void fiftyParallelReservationsOfTenInStockLetExactlyTenThrough() throws Exception {
        var sku = "TOY-0050";
        setStock(sku, 10);
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(50);
        var calls = new ArrayList<java.util.concurrent.Future<Integer>>();
        for (int i = 0; i < 50; i++) {
            Callable<Integer> reserveOne = () -> {
                start.await();
                return given().contentType(ContentType.JSON)
                        .body(body(UUID.randomUUID().toString(), sku, 1))
                        .post("/reservations")
                        .statusCode();
            };
            calls.add(pool.submit(reserveOne));
        }
        start.countDown();
        int created = 0;
        int conflicts = 0;
        for (var call : calls) {
            int status = call.get();
            if (status == 201) {
                created++;
            } else if (status == 409) {
                conflicts++;
            }
        }
        pool.shutdown();
        // 10 units, 50 requests of 1 unit each: 10 succeed, 40 are told there is not enough stock.
        assertThat(created).isEqualTo(10);
        assertThat(conflicts).isEqualTo(40);
        assertThat(stockOf(sku)).isZero();
    }

    @Test
    void reservingMoreThanAvailableIsRejectedWithConflictAndTakesNothing() throws SQLException {
        setStock("GAM-0049", 3);
        setStock("GAM-0048", 5);
        given().contentType(ContentType.JSON)
                .body("{\"orderId\":\"" + UUID.randomUUID() + "\",\"items\":["
                        + "{\"sku\":\"GAM-0048\",\"quantity\":2},{\"sku\":\"GAM-0049\",\"quantity\":4}]}")
                .post("/reservations")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("sku", equalTo("GAM-0049"))
                .body("available", equalTo(3));
        // the first line was taken inside the transaction, then rolled back with it
        assertThat(stockOf("GAM-0048")).isEqualTo(5);
        assertThat(stockOf("GAM-0049")).isEqualTo(3);
    }

    @Test
    void sameOrderReservesOnlyOnce() throws SQLException {
        setStock("KIT-0050", 20);
        var orderId = "order-" + UUID.randomUUID();
        var first = given().contentType(ContentType.JSON)
                .body(body(orderId, "KIT-0050", 4))
                .post("/reservations")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        var again = given().contentType(ContentType.JSON)
                .body(body(orderId, "KIT-0050", 4))
                .post("/reservations")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(again).isEqualTo(first);
        assertThat(stockOf("KIT-0050")).isEqualTo(16);
    }

    @Test
    void releaseGivesStockBackOnceAndCommitKeepsIt() throws SQLException {
        setStock("OUT-0050", 10);
        String id = given().contentType(ContentType.JSON)
                .body(body(UUID.randomUUID().toString(), "OUT-0050", 3))
                .post("/reservations")
                .then()
                .statusCode(201)
                .body("status", equalTo("HELD"))
                .extract()
                .path("id");
        assertThat(stockOf("OUT-0050")).isEqualTo(7);
        given().post("/reservations/" + id + "/release").then().statusCode(200).body("status", equalTo("RELEASED"));
        given().post("/reservations/" + id + "/release").then().statusCode(200).body("status", equalTo("RELEASED"));
        assertThat(stockOf("OUT-0050")).isEqualTo(10); // given back exactly once
        given().post("/reservations/" + id + "/commit").then().statusCode(409).contentType("application/problem+json");

        String kept = given().contentType(ContentType.JSON)
                .body(body(UUID.randomUUID().toString(), "OUT-0050", 2))
                .post("/reservations")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().post("/reservations/" + kept + "/commit").then().statusCode(200).body("status", equalTo("COMMITTED"));
        given().post("/reservations/" + kept + "/release").then().statusCode(409);
        assertThat(stockOf("OUT-0050")).isEqualTo(8);
        given().get("/reservations/" + kept).then().statusCode(200).body("status", equalTo("COMMITTED"));
    }

    @Test
    void badInputIsAProblemAndWritesNothing() throws SQLException {
        int before = reservationCount();
        given().contentType(ContentType.JSON)
                .body("{\"orderId\": ")
                .post("/reservations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body("{\"orderId\":\"o-neg\",\"items\":[{\"sku\":\"AUD-0001\",\"quantity\":-1}]}")
                .post("/reservations")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("items[0].quantity"));
        given().contentType(ContentType.JSON)
                .body("{\"orderId\":\"o-empty\",\"items\":[]}")
                .post("/reservations")
                .then()
                .statusCode(422);
        given().contentType(ContentType.JSON)
                .body("{\"orderId\":\"o-unknown\",\"items\":[{\"sku\":\"ZZZ-0001\",\"quantity\":1}]}")
                .post("/reservations")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body("{\"orderId\":\"bad id!\",\"items\":[{\"sku\":\"AUD-0001\",\"quantity\":1}]}")
                .post("/reservations")
                .then()
                .statusCode(422);
        assertThat(reservationCount()).isEqualTo(before);
    }

    @Test
    void unknownReservationIs404() {
        given().get("/reservations/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().post("/reservations/not-a-uuid/release").then().statusCode(404);
    }

    private static String body(String orderId, String sku, int quantity) {
        return "{\"orderId\":\"" + orderId + "\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}]}";
    }

    private void setStock(String sku, int available) throws SQLException {
        try (var c = dataSource.getConnection();
                var st = c.prepareStatement("update stock set available = ? where sku = ?")) {
            st.setInt(1, available);
            st.setString(2, sku);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    private int stockOf(String sku) throws SQLException {
        try (var c = dataSource.getConnection();
                var st = c.prepareStatement("select available from stock where sku = ?")) {
            st.setString(1, sku);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private int reservationCount() throws SQLException {
        try (var c = dataSource.getConnection();
                var st = c.prepareStatement("select count(*) from reservations");
                var rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
