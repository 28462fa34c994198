package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class CheckoutTest {

    private static final Pattern KEY = Pattern.compile("name=\"idempotencyKey\" value=\"([^\"]+)\"");

    @BeforeEach
    void resetStub() {
        Stub.reset();
    }

    private static String cart() {
        return Seeds.plain().sku() + ":2";
    }

    private static String renderedKey(String html) {
        var m = KEY.matcher(html);
        assertThat(m.find()).as("hidden idempotencyKey in the form").isTrue();
        return m.group(1);
    }

    private static RequestSpecification form(String key, String card) {
        return given().redirects()
                .follow(false)
                .cookie("cart", cart())
                .formParam("name", "Ada Lovelace")
                .formParam("email", "ada@example.com")
                .formParam("cardNumber", card)
                .formParam("cardHolder", "A Lovelace")
                .formParam("expiry", "12/30")
                .formParam("cvc", "123")
                .formParam("idempotencyKey", key);
    }

    @Test
    void theFormCarriesAFreshIdempotencyKeyAndTheTestCards() {
        var first = given().cookie("cart", cart())
                .when()
                .get("/checkout")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        var second = given().cookie("cart", cart())
                .when()
                .get("/checkout")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(renderedKey(first)).isNotEqualTo(renderedKey(second)).matches("[0-9a-f-]{36}");
        assertThat(first)
                .contains(
                        "4242 4242 4242 4242",
                        "4000 0000 0000 0002",
                        Seeds.plain().name(),
                        "<label for=\"f-email\">");
    }

    @Test
    void checkoutWithAnEmptyCartGoesBackToTheCart() {
        given().redirects()
                .follow(false)
                .when()
                .get("/checkout")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/cart?msg=empty"));
        given().queryParam("msg", "empty")
                .when()
                .get("/cart")
                .then()
                .body(containsString("Your cart is empty: add something"));
    }

    @Test
    void placingAnOrderClearsTheCartAndRedirectsToItsConfirmation() {
        var key = renderedKey(given().cookie("cart", cart())
                .when()
                .get("/checkout")
                .then()
                .extract()
                .asString());
        var response = form(key, "4242 4242 4242 4242")
                .when()
                .post("/checkout")
                .then()
                .statusCode(303)
                .header("Location", containsString("/orders/"))
                .extract();
        assertThat(response.cookie("cart")).isEmpty();

        var calls = Stub.orderCalls();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).get("idempotencyKey")).isEqualTo(key);
        @SuppressWarnings("unchecked")
        var body = (Map<String, Object>) calls.get(0).get("body");
        assertThat(body.toString()).contains("sku=" + Seeds.plain().sku(), "quantity=2", "cardNumber=4242424242424242");

        var location = response.header("Location");
        var orderId = location.substring(location.lastIndexOf('/') + 1);
        given().when()
                .get("/orders/" + orderId)
                .then()
                .statusCode(200)
                .body(
                        containsString("your order is confirmed"),
                        containsString(orderId),
                        containsString(Seeds.plain().name()),
                        containsString("CONFIRMED"));
    }

    @Test
    void aDoubleSubmitReusesTheKeySoOnlyOneOrderExists() {
        var key = "double-click-" + System.nanoTime();
        var first = form(key, "4242424242424242")
                .when()
                .post("/checkout")
                .then()
                .statusCode(303)
                .extract()
                .header("Location");
        var second = form(key, "4242424242424242")
                .when()
                .post("/checkout")
                .then()
                .statusCode(303)
                .extract()
                .header("Location");
        assertThat(second).isEqualTo(first);
        assertThat(Stub.orderCalls()).extracting(c -> c.get("idempotencyKey")).containsExactly(key, key);
    }

    @Test
    void aDeclinedCardIsExplainedAndTheFieldsExceptTheCardNumberAreKept() {
        var key = "declined-" + System.nanoTime();
        var html = form(key, "4000 0000 0000 0002")
                .when()
                .post("/checkout")
                .then()
                .statusCode(402)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertThat(html)
                .contains(
                        "Your card was declined:",
                        "card_declined",
                        "value=\"Ada Lovelace\"",
                        "value=\"ada@example.com\"",
                        "value=\"12/30\"")
                .doesNotContain("4000 0000 0000 0002\"", "4000000000000002");
        assertThat(renderedKey(html))
                .as("a declined order is final; the next try is a new order")
                .isNotEqualTo(key);
    }

    @Test
    void anOrderStillInFlightKeepsTheKeySoPressingAgainLandsOnTheSameOrder() {
        var key = "inflight-" + System.nanoTime();
        var html = given().redirects()
                .follow(false)
                .cookie("cart", cart())
                .formParam("name", "Ada")
                .formParam("email", "ada@inflight.example")
                .formParam("cardNumber", "4242424242424242")
                .formParam("cardHolder", "Ada")
                .formParam("expiry", "12/30")
                .formParam("cvc", "123")
                .formParam("idempotencyKey", key)
                .when()
                .post("/checkout")
                .then()
                .statusCode(409)
                .extract()
                .asString();
        assertThat(html)
                .contains("still being processed", "not be charged twice")
                .doesNotContain("no longer in stock");
        assertThat(renderedKey(html)).isEqualTo(key);
        // and the checkout budget travelled with the order call: what is left of its 8 s, less the
        // 100 ms kept back to render the answer
        assertThat(Stub.orderCalls())
                .extracting(c -> Integer.parseInt((String) c.get("budgetMs")))
                .singleElement()
                .satisfies(ms -> assertThat(ms).isBetween(6_000, 7_900));
    }

    @Test
    void aKeyReusedForChangedDetailsStartsANewOrder() {
        var key = "reused-" + System.nanoTime();
        var html = given().redirects()
                .follow(false)
                .cookie("cart", cart())
                .formParam("name", "Ada")
                .formParam("email", "ada@reused.example")
                .formParam("cardNumber", "4242424242424242")
                .formParam("cardHolder", "Ada")
                .formParam("expiry", "12/30")
                .formParam("cvc", "123")
                .formParam("idempotencyKey", key)
                .when()
                .post("/checkout")
                .then()
                .statusCode(422)
                .extract()
                .asString();
        assertThat(html).contains("this is a new order");
        assertThat(renderedKey(html)).isNotEqualTo(key);
    }

    @Test
    void outOfStockSaysWhichItem() {
        var low = Seeds.lowStock();
        var html = given().redirects()
                .follow(false)
                .cookie("cart", low.sku() + ":" + (low.stock() + 1))
                .formParam("name", "Ada")
                .formParam("email", "ada@example.com")
                .formParam("cardNumber", "4242424242424242")
                .formParam("cardHolder", "Ada")
                .formParam("expiry", "12/30")
                .formParam("cvc", "123")
                .formParam("idempotencyKey", "out-of-stock-" + System.nanoTime())
                .when()
                .post("/checkout")
                .then()
                .statusCode(409)
                .extract()
                .asString();
        assertThat(html).contains("no longer in stock", low.sku(), low.name());
    }

    @Test
    void invalidFieldsAreShownWithoutCallingOrderService() {
        var html = given().redirects()
                .follow(false)
                .cookie("cart", cart())
                .formParam("name", "")
                .formParam("email", "not-an-email")
                .formParam("cardNumber", "12")
                .formParam("cardHolder", "Ada")
                .formParam("expiry", "13/30")
                .formParam("cvc", "1")
                .formParam("idempotencyKey", "field-check-" + System.nanoTime())
                .when()
                .post("/checkout")
                .then()
                .statusCode(422)
                .extract()
                .asString();
        assertThat(html)
                .contains(
                        "Please enter your name",
                        "valid e-mail",
                        "12 to 19 digits",
                        "MM/YY",
                        "security code",
                        "aria-invalid=\"true\"");
        assertThat(Stub.orderCalls()).isEmpty();
    }

    @Test
    void orderServiceFieldErrorsAreShownOnTheForm() {
        // passes our own check, but the stub's order-service rejects this e-mail domain with a 422
        var html = given().redirects()
                .follow(false)
                .cookie("cart", cart())
                .formParam("name", "Ada")
                .formParam("email", "ada@rejected.example")
                .formParam("cardNumber", "4242424242424242")
                .formParam("cardHolder", "Ada")
                .formParam("expiry", "12/30")
                .formParam("cvc", "123")
                .formParam("idempotencyKey", "field-check-" + System.nanoTime())
                .when()
                .post("/checkout")
                .then()
                .statusCode(422)
                .extract()
                .asString();
        assertThat(html).contains("is not accepted by order-service", "aria-describedby=\"e-email\"");
    }

    @Test
    void whenOrderServiceFailsTheSameKeyIsKeptForTheRetry() {
        Stub.fail("order", 500);
        var key = "retry-me-" + System.nanoTime();
        var html = form(key, "4242424242424242")
                .when()
                .post("/checkout")
                .then()
                .statusCode(503)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertThat(html).contains("We could not place your order right now, please try again");
        assertThat(renderedKey(html)).isEqualTo(key);

        Stub.reset();
        form(key, "4242424242424242").when().post("/checkout").then().statusCode(303);
        assertThat(Stub.orderCalls()).extracting(c -> c.get("idempotencyKey")).containsExactly(key);
    }

    @Test
    void aReplayedFailedOrderAsksForAnotherTryWithANewKey() {
        // the stub's order-service records a FAILED order for this card and answers 503, then
        // replays that FAILED order (200) for the same key, as the real one does
        var key = "failed-" + System.nanoTime();
        var first = form(key, "4242424242420000")
                .when()
                .post("/checkout")
                .then()
                .statusCode(503)
                .extract()
                .asString();
        assertThat(renderedKey(first)).isEqualTo(key);
        var second = form(key, "4242424242420000")
                .when()
                .post("/checkout")
                .then()
                .statusCode(503)
                .extract()
                .asString();
        assertThat(second).contains("We could not place your order right now");
        assertThat(renderedKey(second)).isNotEqualTo(key);
    }

    @Test
    void aSlowOrderServiceIsReportedNotHung() throws InterruptedException {
        // the test profile's order read-timeout is 2 s; the stub answers after 2.5 s
        Stub.delay("order", 2_500);
        form("slow-order-" + System.nanoTime(), "4242424242424242")
                .when()
                .post("/checkout")
                .then()
                .statusCode(503)
                .body(containsString("please try again"), not(containsString("Exception")));
        // the stub records the call when it answers: wait for that, or the next test would find it
        long end = System.nanoTime() + 5_000_000_000L;
        while (Stub.orderCalls().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
    }

    @Test
    void unknownOrderIsAnHtml404() {
        given().when()
                .get("/orders/00000000-0000-0000-0000-000000000000")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"));
    }
}
