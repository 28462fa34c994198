package dev.resilientshop.order.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;

import dev.resilientshop.testsupport.RowCounts;
import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Names with NUL or control characters passed validation, pricing was called, and PostgreSQL then
 * refused the 0x00 in the insert: a 500 (issue 13, item 11). Now a 422 before anything is called.
 */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class HostileOrderInputTest {

    @Inject
    DataSource dataSource;

    /** An order whose name, email and card holder are filled in (already quoted as JSON strings). */
    private static final String ORDER = """
            {"items":[{"sku":"AUD-0001","quantity":1}],
             "customer":{"name":%s,"email":%s},
             "payment":{"cardNumber":"4242 4242 4242 4242","cardHolder":%s,"expiry":"12/39","cvc":"123"}}""";

    private static String order(String name, String email, String holder) {
        return ORDER.formatted(quote(name), quote(email), quote(holder));
    }

    private static String quote(String s) {
        var sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append('"').toString();
    }

    @Test
    void aNulOrControlCharacterInANameIsA422AndNothingIsCalledOrWritten() throws Exception {
        var downstream = Stub.forClient("inventory");
        downstream.reset();
        var before = RowCounts.of(dataSource);
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "hostile-" + UUID.randomUUID())
                .body(order("Ada\u0000Lovelace", "ada\u0000@example.com", "A\u001bLovelace"))
                .post("/orders")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("customer.name", "customer.email", "payment.cardHolder"));
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "hostile-" + UUID.randomUUID())
                .body(order("Ada\nLovelace", "ada@example.com", "Ada Lovelace"))
                .post("/orders")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        assertThat(RowCounts.of(dataSource)).isEqualTo(before);
        assertThat(downstream.requests("GET", "/prices.*")).isEmpty();
    }
}
