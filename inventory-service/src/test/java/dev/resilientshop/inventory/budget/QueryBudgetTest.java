package dev.resilientshop.inventory.budget;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The caller's X-Request-Budget-Ms bounds the database work (issue 6: "never works past it"). */
@QuarkusTest
class QueryBudgetTest {

    @Test
    void aQueryLongerThanTheCallersBudgetIsCancelledAtTheBudgetAnd504() {
        long start = System.nanoTime();
        given().header("X-Request-Budget-Ms", "200")
                .get("/test-only/slow-query?ms=900")
                .then()
                .statusCode(504)
                .contentType("application/problem+json");
        long ms = (System.nanoTime() - start) / 1_000_000;
        // cancelled at ~200 ms, well before the 900 ms query (or the pool's 1 s) would end
        assertThat(ms).isLessThan(700);
    }

    @Test
    void withoutTheHeaderThePoolsOneSecondStatementTimeoutStillApplies() {
        given().get("/test-only/slow-query?ms=1500").then().statusCode(504); // seed 003: 1 s at most
        given().get("/test-only/slow-query?ms=50").then().statusCode(200);
    }

    @Test
    void aQueryWithinTheBudgetAnswers() {
        given().header("X-Request-Budget-Ms", "400")
                .get("/test-only/slow-query?ms=50")
                .then()
                .statusCode(200);
    }

    @Test
    void aSpentBudgetIsAnswered504WithoutWork() {
        given().header("X-Request-Budget-Ms", "0").get("/stock/AUD-0001").then().statusCode(504);
    }
}
