package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, item 20: the first product page after {@code ./shop up} said "all services ready"
 * showed all three fallbacks ("Our inventory service is not answering", "Last known price",
 * "Popular items"; rendered in 608 ms), because the JIT and every connection pool were cold. The
 * product page now warms every dependency client before its readiness turns UP, so the first
 * page a newcomer opens is the healthy one. Runs first of all classes ({@code @Order(0)}): the
 * shop has just come up and nobody has opened a page yet.
 */
@ExtendWith(Shop.class)
@Order(0)
class FirstPageAfterUpTest {

    /** What the product page says when a part of it came from a fallback or is missing. */
    static final List<String> FALLBACK_TEXT = List.of("not answering", "Stock counts may lag", "Last known price",
            "Popular items", "Price unavailable", "Recommendations are unavailable");

    private final Shop shop = Shop.get();

    @Test
    void theFirstProductPageAfterUpShowsNoFallback() throws Exception {
        // a newcomer: no cookies, no earlier request to the product page
        var request = HttpRequest.newBuilder(shop.url("product-page", "/p/CAM-0003")).timeout(Duration.ofSeconds(10)).build();
        var page = shop.http.send(request, HttpResponse.BodyHandlers.ofString());

        var rendered = page.body().replaceAll("(?s).*rendered in (\\d+ ms).*", "$1");
        System.out.println("FIRST PAGE after ./shop up: HTTP " + page.statusCode() + ", rendered in " + rendered);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("CAM-0003");
        for (var text : FALLBACK_TEXT) {
            assertThat(page.body()).as("the first page says \"%s\"", text).doesNotContain(text);
        }
    }
}
