package dev.resilientshop.systemtests.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/** What the checkout drills share: an order body on the garden SKUs, stock top-up, counts, the checker. */
final class CheckoutFixture {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    final Shop shop = Shop.get();
    final OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

    static String body(String sku, int quantity) {
        return """
                {"items":[{"sku":"%s","quantity":%d}],
                 "customer":{"name":"Grace Hopper","email":"grace@example.com"},
                 "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":"Grace Hopper","expiry":"12/39","cvc":"123"}}""".formatted(sku, quantity);
    }

    static String newKey() {
        return "drill-" + UUID.randomUUID();
    }

    HttpRequest order(String key, String body, long budgetMs) {
        var b = HttpRequest.newBuilder(shop.url("order", "/orders"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("X-Request-Budget-Ms", String.valueOf(budgetMs))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return b.build();
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    String opsToken() throws Exception {
        return Files.readString(shop.state().resolve("ops-token")).strip();
    }

    HttpResponse<String> ops(String service, String method, String path, String json) throws Exception {
        var b = HttpRequest.newBuilder(shop.url(service, path))
                .timeout(Duration.ofSeconds(10))
                .header("X-Ops-Token", opsToken())
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Only our own SKUs, only upwards to a known level: other engineers' runs share the database. */
    void topUp(String sku, int available) throws SQLException {
        try (var c = shop.database("inventory");
                var st = c.prepareStatement("update stock set available = ? where sku = ?")) {
            st.setInt(1, available);
            st.setString(2, sku);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    int stock(String sku) throws SQLException {
        return queryInt("inventory", "select available from stock where sku = ?", sku);
    }

    int queryInt(String db, String sql, Object arg) throws SQLException {
        try (var c = shop.database(db);
                var st = c.prepareStatement(sql)) {
            st.setObject(1, arg);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    String queryString(String db, String sql, Object arg) throws SQLException {
        try (var c = shop.database(db);
                var st = c.prepareStatement(sql)) {
            st.setObject(1, arg);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    int ordersFor(String key) throws SQLException {
        return queryInt("orders", "select count(*) from orders where idempotency_key = ?", key);
    }

    int capturedCharges(UUID orderId) throws SQLException {
        return queryInt("payments", "select count(*) from charges where order_id = ? and status = 'CAPTURED'", orderId);
    }

    int chargeRows(UUID orderId) throws SQLException {
        return queryInt("payments", "select count(*) from charges where order_id = ?", orderId);
    }

    int liveReservations(UUID orderId) throws SQLException {
        return queryInt(
                "inventory",
                "select count(*) from reservations where left(order_id, 36) = ? and status <> 'RELEASED'",
                orderId.toString());
    }

    void assertConsistent() throws SQLException {
        var report = ConsistencyChecker.check(shop::database, new ConsistencyChecker.Scope(since, "GAR-"));
        System.out.println("consistency-check --since=" + since + " --sku=GAR-: " + report);
        assertThat(report.findings()).as(report.toString()).isEmpty();
    }
}
