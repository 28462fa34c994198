package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class CatalogPagesTest {

    @BeforeEach
    void resetStub() {
        Stub.reset();
    }

    @Test
    void homeShowsCategoriesWithCountsPopularItemsAndSearch() {
        var html = given().when()
                .get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertThat(html)
                .contains(
                        "Resilient Shop",
                        "Shop by category",
                        "href=\"/c/audio\"",
                        "50 products",
                        "Popular right now",
                        "action=\"/search\"",
                        "/css/shop.css");
        assertThat(html).doesNotContain("Popular items are unavailable");
    }

    @Test
    void homeStillRendersWhenInventoryAndRecommendationsAreDown() {
        Stub.fail("inventory", 500);
        Stub.fail("recommendations", 500);
        given().when()
                .get("/")
                .then()
                .statusCode(200)
                .body(
                        containsString("href=\"/c/audio\""),
                        containsString("Product counts are unavailable"),
                        // recommendations down: popular items come from the built-in list (seed 003's last link)
                        containsString("Popular right now"),
                        not(containsString("Popular items are unavailable right now")));
    }

    @Test
    void categoryPageListsTwentyFourProductsWithPricesAndAPager() {
        var first = CatalogSeed.inCategory("cameras").get(0);
        var html = given().when()
                .get("/c/cameras")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(html).contains("Cameras", first.name(), "page 1 of 3", "href=\"/c/cameras?page=2\"", "€");
        assertThat(html.split("<li class=\"card\">", -1)).hasSize(24 + 1);
        var page3 = given().queryParam("page", 3)
                .when()
                .get("/c/cameras")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page3.split("<li class=\"card\">", -1)).hasSize(2 + 1); // 50 = 24 + 24 + 2
    }

    @Test
    void categoryPageWithoutPricingStillListsProducts() {
        Stub.fail("pricing", 500);
        given().when()
                .get("/c/audio")
                .then()
                .statusCode(200)
                .body(containsString("Prices are unavailable right now"), containsString("Price unavailable"));
    }

    @Test
    void categoryPageWithoutInventoryIsA503Page() {
        Stub.fail("inventory", 503);
        given().when()
                .get("/c/audio")
                .then()
                .statusCode(503)
                .contentType(containsString("text/html"))
                .header("Retry-After", "5");
    }

    @Test
    void unknownCategoryIsAnHtml404() {
        given().when()
                .get("/c/spaceships")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("spaceships"));
    }

    @Test
    void searchShowsMatchingProducts() {
        var p = Seeds.plain();
        var word = p.name().split(" ")[2];
        given().queryParam("q", word)
                .when()
                .get("/search")
                .then()
                .statusCode(200)
                .body(containsString("Results for"), containsString(word), containsString("href=\"/p/"));
    }

    @Test
    void searchWithNoMatchSaysSo() {
        given().queryParam("q", "zzqqxx")
                .when()
                .get("/search")
                .then()
                .statusCode(200)
                .body(containsString("Nothing matched"));
    }

    @Test
    void emptySearchShowsAFriendlyPromptWithoutCallingInventory() {
        Stub.fail("inventory", 500); // would turn the page into a 503 if it were called
        given().queryParam("q", "  ")
                .when()
                .get("/search")
                .then()
                .statusCode(200)
                .body(containsString("What are you looking for?"));
        given().when().get("/search").then().statusCode(200).body(containsString("What are you looking for?"));
    }

    @Test
    void unknownPathUnderApiStaysProblemJson() {
        given().when().get("/api/nope").then().statusCode(404).contentType(containsString("application/problem+json"));
    }
}
