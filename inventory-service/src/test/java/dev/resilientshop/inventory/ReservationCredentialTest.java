package dev.resilientshop.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.resilientshop.kit.ops.ServiceCredential;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Anyone who reaches inventory could hold the whole stock (POST /reservations for every SKU) or
 * give back stock that a paid order holds (POST /reservations/{id}/release). Only order-service,
 * with the service credential, may move stock; everyone else gets 401 and the stock is unchanged.
 */
@QuarkusTest
class ReservationCredentialTest {

    /** %test.shop.service-credential in application.properties. */
    static final String CREDENTIAL = "test-service-credential-0123456789abcdef";

    @Inject
    DataSource dataSource;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                        .header("Content-Type", "application/json")
                        .POST(
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void reservingWithoutTheServiceCredentialIs401AndTakesNoStock() throws Exception {
        int before = stockOf("TOY-0041");
        var answer = post(
                "/reservations",
                "{\"orderId\":\"" + UUID.randomUUID() + "\",\"items\":[{\"sku\":\"TOY-0041\",\"quantity\":1}]}");
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(stockOf("TOY-0041")).isEqualTo(before);
    }

    @Test
    void releasingAnotherOrdersReservationWithoutTheCredentialIs401AndItStaysHeld() throws Exception {
        String id = given().header(ServiceCredential.HEADER, CREDENTIAL)
                .contentType(ContentType.JSON)
                .body("{\"orderId\":\"" + UUID.randomUUID() + "\",\"items\":[{\"sku\":\"TOY-0042\",\"quantity\":1}]}")
                .post("/reservations")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        assertThat(post("/reservations/" + id + "/release", null).statusCode()).isEqualTo(401);
        assertThat(post("/reservations/" + id + "/commit", null).statusCode()).isEqualTo(401);

        given().header(ServiceCredential.HEADER, CREDENTIAL)
                .get("/reservations/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("HELD"));
    }

    private int stockOf(String sku) throws SQLException {
        try (var c = dataSource.getConnection();
                var st = c.prepareStatement("select available from stock where sku = ?")) {
            st.setString(1, sku);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
