package dev.resilientshop.productpage.edge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.resilientshop.productpage.Seeds;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Load shedding at the door (issue 15) with a door of two: two checkouts held 4 s by a slow
 * order-service fill it; a third request is answered 503 with Retry-After and the shed mark while
 * both are still in flight (it did not wait for a slot), as problem+json under /api; health and
 * the ops endpoints are never shed; the two admitted checkouts complete normally, and the door
 * admits again once they have. Switched off by name or by naive mode, the door admits everything.
 */
@QuarkusTest
@TestProfile(DoorLimitTest.TwoAtATime.class)
@WithTestResource(DownstreamStubResource.class)
class DoorLimitTest {

    static final String TOKEN = "test-ops-token-0123456789abcdefghijkl";
    static final long HOLD_MS = 4_000;

    public static class TwoAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the admitted checkouts are held 4 s: longer than the test profile's 2 s order timeout
            return Map.of(
                    "shop.door.limit",
                    "fixed",
                    "shop.door.max-in-flight",
                    "2",
                    "quarkus.rest-client.order.read-timeout",
                    "10000");
        }
    }

    @Inject
    DoorLimit door;

    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        Stub.reset();
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() throws Exception {
        mode("{\"mode\":\"resilient\"}");
        Stub.reset();
        pool.shutdownNow();
        awaitInFlight(0);
    }

    @Test
    void aFullDoorShedsAtOnceWhileTheAdmittedRequestsComplete() throws Exception {
        var admitted = fillTheDoor();
        long shedBefore = door.shedCount();

        var times = new ArrayList<Double>();
        Response page = null;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            page = given().get("/p/" + Seeds.plain().sku());
            times.add((System.nanoTime() - t0) / 1e6);
        }
        boolean stillInFlight = admitted.stream().noneMatch(Future::isDone);
        System.out.println("DOOR shed pages took (ms) " + times + " (the first in this JVM warms the client up)");
        double pageMillis = times.get(times.size() - 1);
        var api = given().get("/api/products/" + Seeds.plain().sku());

        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.header("Retry-After")).isEqualTo("1");
        assertThat(page.header(DoorLimit.SHED_HEADER)).isEqualTo("door");
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body().asString()).contains("very busy").doesNotContain("Exception");
        assertThat(stillInFlight)
                .as("the shed page was answered while both admitted requests were in flight")
                .isTrue();
        assertThat(pageMillis)
                .as("ms to shed a page (the admitted requests hold the door %d ms)", HOLD_MS)
                .isLessThan(1_000);
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(api.header(DoorLimit.SHED_HEADER)).isEqualTo("door");
        // operators and health checks are never shed
        given().get("/q/health/live").then().statusCode(200);
        given().header("X-Ops-Token", TOKEN).get("/ops/state").then().statusCode(200);
        given().get("/css/shop.css").then().statusCode(200);

        for (var order : admitted) {
            assertThat(order.get().statusCode()).as("an admitted checkout").isEqualTo(201);
        }
        awaitInFlight(0);
        given().get("/p/" + Seeds.plain().sku())
                .then()
                .statusCode(200)
                .body(containsString(Seeds.plain().sku()));
        assertThat(door.shedCount() - shedBefore).isEqualTo(4);
    }

    @Test
    void switchedOffOrNaiveTheDoorAdmitsEverything() throws Exception {
        var admitted = fillTheDoor();

        mode("{\"off\":[\"load-shedding\"]}");
        given().get("/api/products/" + Seeds.plain().sku()).then().statusCode(200);
        mode("{\"mode\":\"naive\"}");
        given().get("/api/products/" + Seeds.plain().sku()).then().statusCode(200);
        mode("{\"mode\":\"resilient\"}");
        boolean stillInFlight = admitted.stream().noneMatch(Future::isDone);
        var shed = given().get("/api/products/" + Seeds.plain().sku());

        if (stillInFlight) {
            assertThat(shed.statusCode())
                    .as("on again, with the door still full")
                    .isEqualTo(503);
        }
        for (var order : admitted) {
            assertThat(order.get().statusCode()).isEqualTo(201);
        }
    }

    /** Two checkouts that order-service answers after 1.5 s, both past the door when this returns. */
    private List<Future<Response>> fillTheDoor() throws InterruptedException {
        Stub.delay("order", HOLD_MS);
        var admitted = new ArrayList<Future<Response>>();
        for (int i = 0; i < 2; i++) {
            var key = "door-" + i + "-" + System.nanoTime();
            admitted.add(pool.submit(() -> given().header("Idempotency-Key", key)
                    .contentType("application/json")
                    .body(orderBody())
                    .post("/api/orders")));
        }
        awaitInFlight(2);
        return admitted;
    }

    private void awaitInFlight(int n) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (door.inFlight() != n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(door.inFlight()).as("requests past the door").isEqualTo(n);
    }

    private static void mode(String json) {
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body(json)
                .put("/ops/resilience")
                .then()
                .statusCode(200);
    }

    private static String orderBody() {
        return """
                {"items":[{"sku":"%s","quantity":1}],"customer":{"name":"Ada","email":"ada@example.com"},
                 "payment":{"cardNumber":"4242424242424242","cardHolder":"Ada","expiry":"12/30","cvc":"123"}}
                """.formatted(Seeds.plain().sku());
    }
}
