package dev.resilientshop.fraud.score;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ScoreResourceTest {

    private static final String GOOD = """
            {"orderId":"7d0c3a52-1f7e-4c55-9a8e-3b1c2d4e5f60","amountCents":4999,"currency":"EUR",
             "cardBin":"424242","cardLast4":"4242","email":"ada@example.com"}""";

    @Test
    void anOrdinaryChargeIsApproved() {
        given().contentType(ContentType.JSON)
                .body(GOOD)
                .when()
                .post("/scores")
                .then()
                .statusCode(200)
                .header("X-Served-By", "fraud-api")
                .body("score", equalTo(5))
                .body("decision", equalTo("approve"));
    }

    @Test
    void aBlocklistedCardIsDeclinedWithItsReason() {
        given().contentType(ContentType.JSON)
                .body(GOOD.replace("424242", "410000"))
                .when()
                .post("/scores")
                .then()
                .statusCode(200)
                .body("score", equalTo(95))
                .body("decision", equalTo("decline"))
                .body("reasons", hasItems("card_bin_blocklisted"));
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        given().contentType(ContentType.JSON)
                .body("{\"orderId\": ")
                .when()
                .post("/scores")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aMissingBodyIsABadRequestProblem() {
        given().contentType(ContentType.JSON)
                .when()
                .post("/scores")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void invalidFieldsAreAllReportedAsOneUnprocessableProblem() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"orderId":"o 1","amountCents":0,"currency":"eur","cardBin":"42","cardLast4":"42x2","email":"nope"}""")
                .when()
                .post("/scores")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("orderId", "amountCents", "currency", "cardBin", "cardLast4", "email"));
    }

    @Test
    void aWholeCardNumberInPlaceOfTheBinIsRefused() {
        given().contentType(ContentType.JSON)
                .body(GOOD.replace("\"424242\"", "\"4242424242424242\""))
                .when()
                .post("/scores")
                .then()
                .statusCode(422)
                .body("detail", containsString("cardBin"));
    }

    @Test
    void healthAliasesAnswer() {
        given().when().get("/healthz/ready").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
