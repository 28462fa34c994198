package dev.resilientshop.order.outbound;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.order.checkout.DownstreamStub;
import dev.resilientshop.order.pricing.PricingApi;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Naive mode's "before" picture for order-service (issue 14, seed 003): every outbound call takes a
 * connection of the service's one shared pool (shop-kit {@link SharedPool}), as payment's fraud
 * calls and the product page's calls do. Without it, a slow payment never filled order's pool: the
 * seed 003 drill saw order's shared pool at 0 of 20 while payment's was full, and the cascade it
 * shows skipped a link.
 */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class NaiveSharedPoolTest {

    static final String TOKEN = ResilienceSwitchTest.TOKEN;

    @Inject
    Outbound outbound;

    @Inject
    SharedPool pool;

    @Inject
    PricingApi api;

    private final Stub pricing = Stub.forClient("pricing");

    private void prices() {
        outbound.call(
                "pricing",
                Deadline.after(Duration.ofSeconds(3), Clock.system()),
                budget -> api.prices("AUD-0001", budget));
    }

    @AfterEach
    void resilientAgain() {
        pricing.reset();
        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body("{\"mode\":\"resilient\"}")
                .put("/ops/resilience")
                .then()
                .statusCode(200);
    }

    @Test
    void naiveCallsHoldAConnectionOfTheSharedPoolAndResilientCallsDoNot() throws Exception {
        long before = pool.snapshot().calls();
        prices();
        assertThat(pool.snapshot().calls())
                .as("shared pool calls after a resilient call")
                .isEqualTo(before);

        given().header("X-Ops-Token", TOKEN)
                .contentType("application/json")
                .body("{\"mode\":\"naive\"}")
                .put("/ops/resilience")
                .then()
                .statusCode(200);
        pricing.respondAfter(Duration.ofMillis(600), "GET", "/prices", 200, "{\"items\":[]}");
        var call = CompletableFuture.runAsync(this::prices);
        int held = 0;
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (held == 0 && System.nanoTime() < until && !call.isDone()) {
            held = pool.snapshot().inUseBy().getOrDefault("pricing", 0);
            Thread.sleep(20);
        }
        call.join();
        assertThat(held)
                .as("connections of the shared pool held by the naive pricing call while it waited")
                .isEqualTo(1);
        assertThat(pool.snapshot().calls())
                .as("shared pool calls after a naive call")
                .isEqualTo(before + 1);
    }
}
