package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A customer's visit, through the HTML pages of the real shop: home, product page, cart,
 * checkout, confirmation. Then the databases of three services are asked whether it really
 * happened: the order is confirmed, its stock reservation committed, its charge captured.
 * The unit it buys goes back to stock when the class ends ({@link StockLedger}), so the seed's
 * stock of the SKU is the same after every run.
 */
@ExtendWith(Shop.class)
@Order(1)
class ShopEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SKU = "KIT-0007";

    @RegisterExtension
    static final StockLedger stock = StockLedger.of(SKU);

    private final Shop shop = Shop.get();
    private final Browser browser = new Browser();

    @Test
    void aCustomerBuysAProductAndEveryServiceRecordsIt() throws Exception {
        var home = page("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Resilient Shop").contains("Kitchen").contains("/c/kitchen");

        // What the services say about the product, to find on the page.
        var product = json(shop.get("inventory-primary", "/products/" + SKU));
        var price = json(shop.get("pricing", "/prices/" + SKU));
        var recs = json(shop.get("recommendations", "/recommendations/" + SKU));
        assertThat(product.path("available").asInt())
                .as("seed stock of %s", SKU)
                .isPositive();

        var productPage = page("/p/" + SKU);
        assertThat(productPage.statusCode()).isEqualTo(200);
        assertThat(productPage.body())
                .contains(escape(product.path("name").asText()))
                .contains(euros(price.path("priceCents").asInt()))
                .containsPattern("(?i)in stock|only \\d+ left")
                .contains(escape(recs.path("items").get(0).path("name").asText()));

        int stockBefore = stock(SKU);
        var added = post("/cart/add", Map.of("sku", SKU, "quantity", "1"));
        assertThat(added.statusCode()).isEqualTo(303);
        var cart = page("/cart");
        assertThat(cart.body()).contains(escape(product.path("name").asText()));

        var checkout = page("/checkout");
        assertThat(checkout.statusCode()).isEqualTo(200);
        var form = Browser.checkoutForm(checkout.body());
        var idempotencyKey = form.get("idempotencyKey");
        var placed = post("/checkout", form);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(303);
        // The confirmation link carries the order's view token, never its id (issue 12).
        var location = placed.headers().firstValue("Location").orElseThrow();
        var viewToken = location.substring(location.lastIndexOf('/') + 1);
        assertThat(viewToken).matches("[0-9a-f]{64}");
        var orderId = queryOne("orders", "select id::text from orders where view_token = ?", viewToken);
        assertThat(UUID.fromString(orderId)).isNotNull();

        var confirmation = page(URI.create(location).getPath());
        assertThat(confirmation.statusCode()).isEqualTo(200);
        assertThat(confirmation.body()).contains(orderId).containsIgnoringCase("confirmed");

        // The order, the reservation and the charge, each in its own service's database.
        assertThat(queryOne("orders", "select status from orders where id = ?::uuid", orderId))
                .isEqualTo("CONFIRMED");
        assertThat(queryOne("orders", "select sum(quantity)::text from order_lines where order_id = ?::uuid", orderId))
                .isEqualTo("1");
        assertThat(queryOne("inventory", "select status from reservations where order_id = ?", orderId))
                .isEqualTo("COMMITTED");
        assertThat(queryOne("payments", "select status from charges where order_id = ?::uuid", orderId))
                .isEqualTo("CAPTURED");
        assertThat(queryOne("payments", "select amount_cents::text from charges where order_id = ?::uuid", orderId))
                .isEqualTo(queryOne("orders", "select total_cents::text from orders where id = ?::uuid", orderId));
        assertThat(stock(SKU)).isEqualTo(stockBefore - 1);

        // The same form sent again (a double click) lands on the same order, not a second one.
        var again = post("/checkout", form);
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(queryOne("orders", "select count(*)::text from orders where idempotency_key = ?", idempotencyKey))
                .isEqualTo("1");
    }

    @Test
    void unknownProductIsAFriendly404Page() throws Exception {
        var missing = page("/p/ZZZ-9999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(missing.body()).doesNotContain("Exception").doesNotContain("at dev.resilientshop");
    }

    private HttpResponse<String> page(String path) throws Exception {
        return browser.page(shop, path);
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return browser.post(shop, path, form);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode())
                .as(response.uri() + " " + response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int stock(String sku) throws SQLException {
        return Integer.parseInt(queryOne("inventory", "select available::text from stock where sku = ?", sku));
    }

    private String queryOne(String database, String sql, String parameter) throws SQLException {
        try (var c = shop.database(database);
                var st = c.prepareStatement(sql)) {
            st.setString(1, parameter);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next())
                        .as("%s: %s [%s]", database, sql, parameter)
                        .isTrue();
                return rs.getString(1);
            }
        }
    }

    /** How the page prints a price: thousands separated by commas, two decimals (the € sign aside). */
    private static String euros(int cents) {
        return String.format(java.util.Locale.ROOT, "%,d.%02d", cents / 100, cents % 100);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("'", "&#39;")
                .replace("\"", "&quot;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
