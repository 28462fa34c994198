package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class ShopApiTest {

    private static final String PROBLEM = "application/problem+json";

    @BeforeEach
    void resetStub() {
        Stub.reset();
    }

    @Test
    void listsProductsOfACategory() {
        given().queryParam("category", "books")
                .queryParam("page", 1)
                .when()
                .get("/api/products")
                .then()
                .statusCode(200)
                .body("items", hasSize(24))
                .body("total", equalTo(50))
                .body("page", equalTo(1))
                .body("items[0].category", equalTo("books"));
    }

    @Test
    void badListingParametersAreProblems() {
        given().queryParam("page", -1)
                .when()
                .get("/api/products")
                .then()
                .statusCode(422)
                .contentType(PROBLEM);
        given().queryParam("page", "abc").when().get("/api/products").then().statusCode(404);
        given().queryParam("category", "spaceships")
                .when()
                .get("/api/products")
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
    }

    @Test
    void productDetailsAggregateAllFourSources() {
        var p = Seeds.promoted();
        given().queryParam("userId", "u007")
                .when()
                .get("/api/products/" + p.sku())
                .then()
                .statusCode(200)
                .body("product.name", equalTo(p.name()))
                .body("stock.available", equalTo(p.stock()))
                .body("price.listCents", equalTo(p.listPriceCents()))
                .body("price.promotion.percentOff", equalTo(p.promotionPercent()))
                .body("recommendations.userId", equalTo("u007"))
                .body("recommendations.items", hasSize(6))
                .body("degraded", hasSize(0));
    }

    @Test
    void productDetailsNameWhatIsDegraded() {
        Stub.fail("recommendations", 500);
        Stub.fail("pricing", 503);
        given().when()
                .get("/api/products/" + Seeds.plain().sku())
                .then()
                .statusCode(200)
                .body("product.sku", equalTo(Seeds.plain().sku()))
                .body("price", equalTo(null))
                .body("degraded", contains("pricing", "recommendations"));
    }

    @Test
    void unknownSkuIsA404Problem() {
        given().when()
                .get("/api/products/AUD-9999")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("status", equalTo(404))
                .body("instance", equalTo("/api/products/AUD-9999"));
        given().when().get("/api/products/nope").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void inventoryDownIsA503ProblemWithRetryAfter() {
        Stub.fail("inventory", 500);
        given().when()
                .get("/api/products/" + Seeds.plain().sku())
                .then()
                .statusCode(503)
                .contentType(PROBLEM)
                .header("Retry-After", "5")
                .body("dependency", equalTo("inventory"))
                .body(org.hamcrest.Matchers.not(containsString("Exception")));
    }

    @Test
    void addingToTheCartSetsTheCookieAndAnswersTheCart() {
        var p = Seeds.plain();
        var response = given().contentType("application/json")
                .body("{\"sku\":\"" + p.sku() + "\",\"quantity\":2}")
                .when()
                .post("/api/cart/items")
                .then()
                .statusCode(200)
                .body("itemCount", equalTo(2))
                .body("lines[0].name", equalTo(p.name()))
                .body("subtotalCents", equalTo(2 * p.listPriceCents()))
                .extract();
        var cookie = response.cookie("cart");
        assertThat(cookie).isEqualTo(p.sku() + ":2");
        given().cookie("cart", cookie)
                .when()
                .get("/api/cart")
                .then()
                .statusCode(200)
                .body("lines.sku", hasItem(p.sku()))
                .body("itemCount", equalTo(2));
    }

    @Test
    void badCartInputIsRejectedAndNoCookieIsWritten() {
        given().contentType("application/json")
                .body("{\"sku\":\"AUD-0001\",")
                .when()
                .post("/api/cart/items")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .header("Set-Cookie", equalTo(null));
        given().contentType("application/json")
                .when()
                .post("/api/cart/items")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);
        given().contentType("application/json")
                .body("{\"sku\":\"XYZ-1\",\"quantity\":0}")
                .when()
                .post("/api/cart/items")
                .then()
                .statusCode(422)
                .contentType(PROBLEM)
                .header("Set-Cookie", equalTo(null))
                .body("errors.field", contains("sku", "quantity"));
        given().contentType("application/json")
                .body("{\"sku\":\"AUD-0001\",\"quantity\":\"many\"}")
                .when()
                .post("/api/cart/items")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);
    }

    @Test
    void placingAnOrderRequiresAnIdempotencyKey() {
        given().contentType("application/json")
                .body(orderBody("4242424242424242"))
                .when()
                .post("/api/orders")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("Idempotency-Key"));
        given().header("Idempotency-Key", "short")
                .contentType("application/json")
                .body(orderBody("4242424242424242"))
                .when()
                .post("/api/orders")
                .then()
                .statusCode(400)
                .contentType(PROBLEM);
        assertThat(Stub.orderCalls()).isEmpty();
    }

    @Test
    void placingAnOrderProxiesToOrderServiceWithTheKey() {
        var key = "api-key-" + System.nanoTime();
        var id = given().header("Idempotency-Key", key)
                .contentType("application/json")
                .body(orderBody("4242424242424242"))
                .when()
                .post("/api/orders")
                .then()
                .statusCode(201)
                .body("status", equalTo("CONFIRMED"))
                .body("id", notNullValue())
                .extract()
                .path("id");
        given().header("Idempotency-Key", key)
                .contentType("application/json")
                .body(orderBody("4242424242424242"))
                .when()
                .post("/api/orders")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        assertThat(Stub.orderCalls()).extracting(c -> c.get("idempotencyKey")).containsExactly(key, key);
    }

    @Test
    void aDeclineIsPassedOnAsA402Problem() {
        given().header("Idempotency-Key", "api-declined-" + System.nanoTime())
                .contentType("application/json")
                .body(orderBody("4000000000009995"))
                .when()
                .post("/api/orders")
                .then()
                .statusCode(402)
                .contentType(PROBLEM)
                .body("reason", equalTo("insufficient_funds"))
                .body("orderId", notNullValue());
    }

    @Test
    void orderServiceDownIsA503Problem() {
        Stub.fail("order", 502);
        given().header("Idempotency-Key", "api-down-" + System.nanoTime())
                .contentType("application/json")
                .body(orderBody("4242424242424242"))
                .when()
                .post("/api/orders")
                .then()
                .statusCode(503)
                .contentType(PROBLEM)
                .body("dependency", equalTo("order"));
    }

    private static String orderBody(String card) {
        return """
                {"items":[{"sku":"%s","quantity":1}],"customer":{"name":"Ada","email":"ada@example.com"},
                 "payment":{"cardNumber":"%s","cardHolder":"Ada","expiry":"12/30","cvc":"123"}}
                """.formatted(Seeds.plain().sku(), card);
    }
}
