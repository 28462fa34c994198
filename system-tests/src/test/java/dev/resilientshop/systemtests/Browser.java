package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One shopper's browser on the product page's HTML: HTTP/1.1, keeps its cookies (the cart lives in
 * one), and never follows a redirect, so a test sees each 303 itself. One per test instance.
 */
final class Browser {

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** GET a page of {@code shop}'s product page. */
    HttpResponse<String> page(Shop shop, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(shop.url("product-page", path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POST a form to {@code shop}'s product page, as the page's own forms do. */
    HttpResponse<String> post(Shop shop, String path, Map<String, String> form) throws Exception {
        var body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(
                HttpRequest.newBuilder(shop.url("product-page", path))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile(
            "name=\"idempotencyKey\"\\s+value=\"([A-Za-z0-9_-]+)\"|value=\"([A-Za-z0-9_-]+)\"\\s+name=\"idempotencyKey\"");

    /** The checkout form a shopper sends back: Ada's test card, and the key {@code checkoutPage} carries. */
    static Map<String, String> checkoutForm(String checkoutPage) {
        var key = IDEMPOTENCY_KEY.matcher(checkoutPage);
        assertThat(key.find()).as("checkout form carries an idempotency key").isTrue();
        var form = new LinkedHashMap<String, String>();
        form.put("name", "Ada Lovelace");
        form.put("email", "ada@example.com");
        form.put("cardNumber", "4242 4242 4242 4242");
        form.put("cardHolder", "Ada Lovelace");
        form.put("expiry", "12/30");
        form.put("cvc", "123");
        form.put("idempotencyKey", key.group(1) != null ? key.group(1) : key.group(2));
        return form;
    }
}
