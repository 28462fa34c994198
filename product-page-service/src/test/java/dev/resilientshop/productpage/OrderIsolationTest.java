package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 18: checkout and the order page called order-service with no pipeline, on the
 * worker pool every page shares (10 s read timeout), so a slow order-service pinned the workers
 * and product pages queued behind checkouts. The pool is made small here (8 workers) so that a
 * dozen checkouts are enough to show it, as 200 would be on the real pool.
 */
@QuarkusTest
@TestProfile(OrderIsolationTest.SmallPool.class)
@WithTestResource(DownstreamStubResource.class)
class OrderIsolationTest {

    /** 8 workers, an order bulkhead of 4, the production breaker rule, naive-mode read timeout 10 s. */
    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            var overrides = new java.util.HashMap<>(BreakersOnProfile.productionBreakers());
            overrides.putAll(Map.of(
                    "quarkus.thread-pool.max-threads",
                    "8",
                    "shop.dependency.order.bulkhead.max-concurrent-calls",
                    "4",
                    "quarkus.rest-client.order.read-timeout",
                    "10000"));
            return overrides;
        }
    }

    static final long ORDER_DELAY_MS = 3_000;
    static final int CHECKOUTS = 12;

    @Inject
    PipelineRegistry pipelines;

    private final ExecutorService clients = Executors.newFixedThreadPool(CHECKOUTS);

    @BeforeEach
    void reset() {
        Stub.reset();
        pipelines.get("order").ifPresent(p -> p.circuitBreaker().reset());
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
        Stub.reset();
    }

    record Outcome(int status, long millis, String body) {}

    private CompletableFuture<Outcome> checkout(String card) {
        return CompletableFuture.supplyAsync(
                () -> {
                    long start = System.nanoTime();
                    var response = given().redirects()
                            .follow(false)
                            .cookie("cart", Seeds.plain().sku() + ":1")
                            .formParam("name", "Ada Lovelace")
                            .formParam("email", "ada@example.com")
                            .formParam("cardNumber", card)
                            .formParam("cardHolder", "A Lovelace")
                            .formParam("expiry", "12/30")
                            .formParam("cvc", "123")
                            .formParam("idempotencyKey", UUID.randomUUID().toString())
                            .when()
                            .post("/checkout")
                            .then()
                            .extract();
                    return new Outcome(
                            response.statusCode(), (System.nanoTime() - start) / 1_000_000, response.asString());
                },
                clients);
    }

    private static long productPageMillis() {
        long start = System.nanoTime();
        given().when().get("/p/" + Seeds.plain().sku()).then().statusCode(200);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void productPagesRenderWithinBudgetWhileCheckoutsWaitOnASlowOrderService() throws Exception {
        for (int i = 0; i < 3; i++) {
            productPageMillis(); // warm
        }
        long baseline = 0;
        for (int i = 0; i < 5; i++) {
            baseline = Math.max(baseline, productPageMillis());
        }
        Stub.delay("order", ORDER_DELAY_MS);

        var inFlight = new ArrayList<CompletableFuture<Outcome>>();
        for (int i = 0; i < CHECKOUTS; i++) {
            inFlight.add(checkout("4242 4242 4242 4242"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Stub.calls("order") < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20); // until the bulkhead's 4 checkouts wait at order-service
        }
        assertThat(Stub.calls("order")).as("checkouts waiting at order-service").isGreaterThanOrEqualTo(4);

        var during = new ArrayList<Long>();
        for (int i = 0; i < 3; i++) {
            during.add(productPageMillis());
        }
        List<Outcome> outcomes = inFlight.stream().map(CompletableFuture::join).toList();
        System.out.printf(
                "order isolation: product page baseline %d ms, during %s ms; checkouts %s%n",
                baseline,
                during,
                outcomes.stream().map(o -> o.status() + "/" + o.millis() + "ms").toList());

        // a product page never waits for a checkout: within its own latency plus 500 ms (the page
        // budget), where a worker freed by a 3 s order-service would take 3 s
        for (long page : during) {
            assertThat(page)
                    .as("product page while checkouts are in flight (baseline %d ms)", baseline)
                    .isLessThan(baseline + 500);
        }
        // bulkhead 4: at most 4 checkouts wait; the other 8 hear "please try again" without waiting
        // for order-service's 3 s (the admitted ones take at least that)
        var fast503 = outcomes.stream()
                .filter(o -> o.status() == 503
                        && o.millis() < ORDER_DELAY_MS
                        && o.body().contains("please try again"))
                .count();
        assertThat(fast503).as("checkouts refused fast by the full bulkhead").isGreaterThanOrEqualTo(CHECKOUTS - 4);
        assertThat(outcomes.stream().filter(o -> o.status() == 303).count())
                .as("the 4 admitted ones are placed")
                .isEqualTo(4);
    }

    @Test
    void checkoutAnswersTryAgainAtOnceWhenTheOrderBreakerIsOpen() {
        Stub.fail("order", 503);
        for (int i = 0; i < 5; i++) { // 5 consecutive failures open the breaker
            assertThat(checkout("4242 4242 4242 4242").join().status()).isEqualTo(503);
        }
        assertThat(pipelines.get("order").orElseThrow().snapshot().breakerState())
                .isEqualTo(State.OPEN);

        var refused = checkout("4242 4242 4242 4242").join();

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body()).contains("please try again");
        assertThat(Stub.calls("order"))
                .as("the sixth checkout never reached order-service")
                .isEqualTo(5);
    }

    @Test
    void declinedCardsAreAnswersNotFailuresOfOrderService() {
        for (int i = 0; i < 6; i++) {
            assertThat(checkout("4000 0000 0000 0002").join().status()).isEqualTo(402);
        }
        assertThat(pipelines.get("order").orElseThrow().snapshot().breakerState())
                .isEqualTo(State.CLOSED);
        assertThat(Stub.calls("order")).isEqualTo(6);
    }
}
