package dev.resilientshop.recommendations.popular;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.kit.catalog.SeedProduct;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PopularResourceTest {

    static List<String> seedTop(int n) {
        return CatalogSeed.products().stream()
                .sorted(Comparator.comparingInt(SeedProduct::popularity)
                        .reversed()
                        .thenComparing(SeedProduct::sku))
                .limit(n)
                .map(SeedProduct::sku)
                .toList();
    }

    @Test
    void answersTheTwelveMostPopularItemsByDefault() {
        var answer = given().get("/recommendations/popular")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .header("X-Served-By", "recommendations")
                .body("source", equalTo("popular"))
                .extract()
                .jsonPath();

        assertThat(answer.getList("items.sku", String.class)).containsExactlyElementsOf(seedTop(12));
        var top = CatalogSeed.products().stream()
                .filter(p -> p.sku().equals(answer.getString("items[0].sku")))
                .findFirst()
                .orElseThrow();
        assertThat(answer.getString("items[0].name")).isEqualTo(top.name());
        assertThat(answer.getString("items[0].category")).isEqualTo(top.category());
        assertThat(answer.getDouble("items[0].score")).isEqualTo(top.popularity());
    }

    @Test
    void limitChoosesHowMany() {
        given().queryParam("limit", 1)
                .get("/recommendations/popular")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1));
        var skus = given().queryParam("limit", 50)
                .get("/recommendations/popular")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.sku", String.class);
        assertThat(skus).containsExactlyElementsOf(seedTop(50));
    }

    @Test
    void limitOutsideOneToFiftyIsBadRequestProblem() {
        for (var limit : List.of("0", "51", "-3", "twelve", " ")) {
            given().queryParam("limit", limit)
                    .get("/recommendations/popular")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("limit must be an integer in [1, 50]"));
        }
    }
}
