package dev.resilientshop.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Inputs that reached PostgreSQL and came back as a 500 (issue 13, item 11), now 400 problem+json. */
@QuarkusTest
class HostileInputTest {

    @Test
    void aPageWhoseOffsetOverflowsAnIntIsA400() {
        // page * size = 30000000 * 100 wraps to a negative int OFFSET, which PostgreSQL refuses
        given().queryParam("page", 30_000_000)
                .queryParam("size", 100)
                .get("/products")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    @Test
    void aNulOrControlCharacterInTheSearchTextIsA400() {
        // PostgreSQL rejects 0x00 in text ("invalid byte sequence for encoding UTF8: 0x00")
        for (var q : new String[] {"turn\u0000table", "\u0000", "a\u001bb"}) {
            given().queryParam("q", q).get("/products").then().statusCode(400).contentType("application/problem+json");
        }
        given().queryParam("category", "audio\u0000")
                .get("/products")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aNulInASkuIsA404NotA500() throws Exception {
        // found by InventoryFuzzTest (seed 13): GET /stock/%00 and /products/%00%0B%18%04%17 were 500s
        for (var path : new String[] {"/products/AUD-0001%00", "/stock/%00", "/products/%00%0B%18%04%17"}) {
            var reply = dev.resilientshop.testsupport.RawHttp.get(io.restassured.RestAssured.port, path);
            org.assertj.core.api.Assertions.assertThat(reply.status()).as(path).isEqualTo(404);
            org.assertj.core.api.Assertions.assertThat(reply.header("Content-Type"))
                    .as(path)
                    .startsWith("application/problem+json");
        }
        given().queryParam("skus", "AUD-0001,\u0000")
                .get("/stock")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
