package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class CartPagesTest {

    @BeforeEach
    void resetStub() {
        Stub.reset();
    }

    private static String post(String path, String cart, String... form) {
        var request = given().redirects().follow(false).contentType("application/x-www-form-urlencoded");
        if (cart != null) {
            request.cookie("cart", cart);
        }
        for (int i = 0; i < form.length; i += 2) {
            request.formParam(form[i], form[i + 1]);
        }
        return request.when()
                .post(path)
                .then()
                .statusCode(303)
                .header("Location", containsString("/cart"))
                .extract()
                .cookie("cart");
    }

    @Test
    void addUpdateAndRemoveWorkThroughTheCookie() {
        var a = Seeds.plain();
        var b = Seeds.promoted();
        var cart = post("/cart/add", null, "sku", a.sku(), "quantity", "2");
        assertThat(cart).isEqualTo(a.sku() + ":2");
        cart = post("/cart/add", cart, "sku", b.sku(), "quantity", "1");
        cart = post("/cart/add", cart, "sku", a.sku(), "quantity", "1");
        assertThat(cart).isEqualTo(a.sku() + ":3|" + b.sku() + ":1");

        given().cookie("cart", cart)
                .when()
                .get("/cart")
                .then()
                .statusCode(200)
                .body(
                        containsString(a.name()),
                        containsString(b.name()),
                        containsString("href=\"/checkout\""),
                        containsString("aria-label=\"4 items in cart\""));

        cart = post("/cart/update", cart, "sku", a.sku(), "quantity", "5");
        assertThat(cart).isEqualTo(a.sku() + ":5|" + b.sku() + ":1");
        cart = post("/cart/remove", cart, "sku", b.sku());
        assertThat(cart).isEqualTo(a.sku() + ":5");
        cart = post("/cart/update", cart, "sku", a.sku(), "quantity", "0");
        assertThat(cart).isEmpty();
    }

    @Test
    void addRedirectsToTheCartWhichConfirmsTheItem() {
        var a = Seeds.plain();
        given().redirects()
                .follow(false)
                .formParam("sku", a.sku())
                .formParam("quantity", "1")
                .when()
                .post("/cart/add")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/cart?added=" + a.sku()));
        given().cookie("cart", a.sku() + ":1")
                .queryParam("added", a.sku())
                .when()
                .get("/cart")
                .then()
                .statusCode(200)
                .body(containsString("Added " + a.name() + " to your cart"));
    }

    @Test
    void subtotalAddsUpThePricedLines() {
        var a = Seeds.plain();
        long expected = 3L * a.listPriceCents();
        var html = given().cookie("cart", a.sku() + ":3")
                .when()
                .get("/cart")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(html).contains(dev.resilientshop.productpage.page.Money.format(expected));
    }

    @Test
    void aBadQuantityIsRejectedAndTheCartIsUnchanged() {
        given().redirects()
                .follow(false)
                .cookie("cart", "AUD-0001:1")
                .formParam("sku", "AUD-0002")
                .formParam("quantity", "500")
                .when()
                .post("/cart/add")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"));
    }

    @Test
    void aTamperedCartCookieIsIgnored() {
        var a = Seeds.plain();
        var html = given().cookie("cart", "XYZ-0001:5|" + a.sku() + ":2|AUD-0003:1000|garbage")
                .when()
                .get("/cart")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(html).contains(a.name(), "aria-label=\"2 items in cart\"").doesNotContain("XYZ-0001", "AUD-0003");
    }

    @Test
    void cartStillShowsItsLinesWhenPricingIsDownButCheckoutIsPaused() {
        Stub.fail("pricing", 500);
        var a = Seeds.plain();
        var html = given().cookie("cart", a.sku() + ":1")
                .when()
                .get("/cart")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(html).contains(a.name(), "checkout is paused").doesNotContain("href=\"/checkout\"");
    }

    @Test
    void emptyCartSaysSo() {
        given().when().get("/cart").then().statusCode(200).body(containsString("Your cart is empty"));
    }
}
