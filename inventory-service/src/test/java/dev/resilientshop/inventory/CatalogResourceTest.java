package dev.resilientshop.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogResourceTest {

    @Test
    void listsTwelveCategoriesWithFiftyProductsEach() {
        given().get("/categories")
                .then()
                .statusCode(200)
                .body("$", hasSize(12))
                .body("[0].slug", equalTo("audio"))
                .body("productCount", everyItem(is(50)));
    }

    @Test
    void pagesThroughACategory() {
        given().queryParam("category", "cameras")
                .queryParam("size", 20)
                .queryParam("page", 2)
                .get("/products")
                .then()
                .statusCode(200)
                // 50 cameras at 20 a page: pages 0 and 1 are full, page 2 holds the last 10
                .body("total", equalTo(50))
                .body("items", hasSize(10))
                .body("items.category", everyItem(equalTo("cameras")))
                .body("servedBy", equalTo("inventory-primary"))
                .header("X-Served-By", "inventory-primary");
    }

    @Test
    void searchesNamesAndDescriptionsCaseInsensitively() {
        given().queryParam("q", "TURNTABLE")
                .get("/products")
                .then()
                .statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.greaterThan(0))
                .body("items.name", everyItem(org.hamcrest.Matchers.containsStringIgnoringCase("turntable")));
    }

    @Test
    void searchTextIsNeverAPattern() {
        // '%' would match everything if it reached a LIKE; position() treats it as the literal character.
        given().queryParam("q", "%").get("/products").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void returnsOneProductWithItsStock() {
        given().get("/products/AUD-0001")
                .then()
                .statusCode(200)
                .body("sku", equalTo("AUD-0001"))
                .body("category", equalTo("audio"))
                .body("categoryName", equalTo("Audio"))
                .body("imageUrl", equalTo("/img/AUD-0001.svg"))
                .body("available", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
    }

    @Test
    void unknownProductIsAProblem404() {
        given().get("/products/ZZZ-9999")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not found"));
    }

    @Test
    void rejectsPageSizesOutOfRange() {
        given().queryParam("size", 0).get("/products").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("size", 101).get("/products").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("page", -1).get("/products").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void healthAliasesAnswerLikeSmallRye() {
        given().get("/healthz/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/readyz").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
