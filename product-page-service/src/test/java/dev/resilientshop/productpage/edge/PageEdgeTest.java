package dev.resilientshop.productpage.edge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.Seeds;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Headers, limits and card data at the product page's door (issue 13, items 7, 8, 9 and the checkout's Origin). */
@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class PageEdgeTest {

    @BeforeEach
    void resetStub() {
        Stub.reset();
    }

    private static RequestSpecification checkout(String card, String email, String cvc) {
        return given().redirects()
                .follow(false)
                .cookie("cart", Seeds.plain().sku() + ":1")
                .formParam("name", "Ada Lovelace")
                .formParam("email", email)
                .formParam("cardNumber", card)
                .formParam("cardHolder", "A Lovelace")
                .formParam("expiry", "12/30")
                .formParam("cvc", cvc)
                .formParam("idempotencyKey", letters());
    }

    /** An order key without digits, so the only digits in the page are the ones the page chose to write. */
    private static String letters() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        var sb = new StringBuilder("edge");
        for (int i = 0; i < 20; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    @Test
    void everyHtmlResponseCarriesTheBrowserHardeningHeaders() {
        for (var path : new String[] {"/cart", "/ops", "/p/NOPE-0000", "/checkout"}) {
            var r = given().redirects()
                    .follow(false)
                    .cookie("cart", Seeds.plain().sku() + ":1")
                    .get(path)
                    .then()
                    .extract();
            assertThat(r.contentType()).as(path).startsWith("text/html");
            assertHardened(path, r);
        }
    }

    static void assertHardened(String what, ExtractableResponse<Response> r) {
        assertThat(r.header("Content-Security-Policy"))
                .as(what)
                .contains("default-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).as(what).isNotBlank();
    }

    @Test
    void theCvcIsNeverWrittenBackIntoTheCheckoutPage() {
        // 422: a typo in the e-mail; the old page re-rendered value="987" into the CVC field
        // (a card number not among the test cards the page lists)
        var invalid = checkout("5555 5555 5555 4444", "not-an-email", "987")
                .post("/checkout")
                .then()
                .statusCode(422)
                .extract();
        assertThat(invalid.asString())
                .doesNotContain("987")
                .doesNotContain("5555")
                .contains("Ada Lovelace");
        assertThat(invalid.header("Cache-Control")).contains("no-store");
        // 402: a declined card
        var declined = checkout("4000 0000 0000 0002", "ada@example.com", "986")
                .post("/checkout")
                .then()
                .statusCode(402)
                .extract();
        assertThat(declined.asString()).doesNotContain("986");
        assertThat(declined.header("Cache-Control")).contains("no-store");
        // 503: order-service failing
        Stub.fail("order", 500);
        var failing = checkout("4242 4242 4242 4242", "ada@example.com", "985")
                .post("/checkout")
                .then()
                .statusCode(503)
                .extract();
        assertThat(failing.asString()).doesNotContain("985");
    }

    @Test
    void theCheckoutFormItselfIsNotCached() {
        var form = given().cookie("cart", Seeds.plain().sku() + ":1")
                .get("/checkout")
                .then()
                .statusCode(200)
                .extract();
        assertThat(form.header("Cache-Control")).contains("no-store");
    }

    @Test
    void aCheckoutPostedFromAnotherOriginIsRefused() {
        checkout("4242 4242 4242 4242", "ada@example.com", "123")
                .header("Origin", "http://localhost:9999")
                .post("/checkout")
                .then()
                .statusCode(403);
        assertThat(Stub.orderCalls()).isEmpty();
    }

    @Test
    void aOneMebibytePostIsRefusedWith413() {
        given().contentType("application/x-www-form-urlencoded")
                .body("sku=" + "A".repeat(1024 * 1024))
                .post("/cart/add")
                .then()
                .statusCode(413);
    }

    @Test
    void aMultipartBodyWithoutItsPartsIsA4xxNotA500() throws Exception {
        // found by ProductPageFuzzTest (seed 13): "Connection terminated parsing multipart request" was a 500
        for (var path : new String[] {"/cart/add", "/cart/update", "/cart/remove", "/checkout"}) {
            var body = "{\"sku\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var reply = dev.resilientshop.testsupport.RawHttp.send(
                    io.restassured.RestAssured.port,
                    "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x",
                    body);
            assertThat(reply.status()).as(path).isBetween(400, 499);
        }
    }

    @Test
    void anUnknownImageIsAProblem404() {
        // found by ProductPageFuzzTest (seed 13): a text/plain 404 that echoed the path
        given().get("/img/x.svg").then().statusCode(404).contentType("application/problem+json");
    }
}
