package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 1: naive mode is seed 002's "before" picture, one pool for every outbound call.
 * Slow recommendations hold every connection of it, so a category page, which never calls
 * recommendations, waits behind the product pages' calls; in resilient mode each dependency has
 * its own bulkhead and the category page does not notice. A pool of 4 here, so 8 product pages
 * are enough to fill it (20 in a running shop).
 */
@QuarkusTest
@TestProfile(NaiveSharedPoolTest.SmallSharedPool.class)
@WithTestResource(DownstreamStubResource.class)
class NaiveSharedPoolTest {

    public static class SmallSharedPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shop.naive.pool-size", "4", "shop.naive.timeout", "10s");
        }
    }

    static final long RECOMMENDATIONS_DELAY_MS = 3_000;
    static final int PRODUCT_PAGES = 8;

    @Inject
    ResilienceMode mode;

    @Inject
    SharedPool sharedPool;

    @Inject
    PipelineRegistry pipelines;

    private final ExecutorService clients = Executors.newFixedThreadPool(PRODUCT_PAGES);

    @BeforeEach
    void reset() {
        Stub.reset();
        pipelines
                .snapshots()
                .forEach(s -> pipelines
                        .get(s.dependency())
                        .ifPresent(p -> p.circuitBreaker().reset()));
    }

    @AfterEach
    void resilientAgain() throws Exception {
        mode.set(ResilienceMode.Mode.RESILIENT);
        Stub.reset();
        clients.shutdownNow();
        long end = System.nanoTime() + 15_000_000_000L;
        while (sharedPool.snapshot().inUse() > 0 && System.nanoTime() < end) {
            Thread.sleep(50); // the naive calls hold their connections until recommendations answer
        }
    }

    private static long categoryPageMillis() {
        long start = System.nanoTime();
        given().when().get("/c/cameras").then().statusCode(200);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private long healthyCategoryPageMillis() {
        for (int i = 0; i < 3; i++) {
            categoryPageMillis(); // warm
        }
        long baseline = 0;
        for (int i = 0; i < 5; i++) {
            baseline = Math.max(baseline, categoryPageMillis());
        }
        return baseline;
    }

    private ArrayList<CompletableFuture<Integer>> productPagesInFlight() {
        var pages = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < PRODUCT_PAGES; i++) {
            pages.add(CompletableFuture.supplyAsync(
                    () -> given().when()
                            .get("/p/" + Seeds.plain().sku())
                            .then()
                            .extract()
                            .statusCode(),
                    clients));
        }
        return pages;
    }

    @Test
    void naiveSlowRecommendationsFillTheSharedPoolAndACategoryPageWaitsBehindThem() throws Exception {
        mode.set(ResilienceMode.Mode.NAIVE);
        long baseline = healthyCategoryPageMillis();
        Stub.delay("recommendations", RECOMMENDATIONS_DELAY_MS);

        var pages = productPagesInFlight();
        long end = System.nanoTime() + 5_000_000_000L;
        while (sharedPool.snapshot().inUseBy().getOrDefault("recommendations", 0) < 4 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(sharedPool.snapshot().inUseBy())
                .as("every connection held by a recommendations call")
                .containsEntry("recommendations", 4);

        long during = categoryPageMillis();
        System.out.printf(
                "naive shared pool: category page healthy %d ms, with the pool full of slow recommendations %d ms%n",
                baseline, during);

        // the category page's inventory and pricing calls wait for a connection a 3 s recommendations call frees
        assertThat(during)
                .as("category page in naive mode (healthy %d ms)", baseline)
                .isGreaterThan(baseline + 1_000);
        pages.forEach(CompletableFuture::join);
    }

    @Test
    void resilientBulkheadsKeepTheCategoryPageAsFastAsHealthy() throws Exception {
        long baseline = healthyCategoryPageMillis();
        Stub.delay("recommendations", RECOMMENDATIONS_DELAY_MS);

        var pages = productPagesInFlight();
        long end = System.nanoTime() + 5_000_000_000L;
        while (Stub.calls("recommendations") < 4 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        long during = categoryPageMillis();
        System.out.printf(
                "resilient: category page healthy %d ms, while recommendations are slow %d ms%n", baseline, during);

        assertThat(during)
                .as("category page in resilient mode (healthy %d ms)", baseline)
                .isLessThan(baseline + 500);
        assertThat(sharedPool.snapshot().inUse())
                .as("resilient mode never uses the shared pool")
                .isZero();
        assertThat(pages.stream().map(CompletableFuture::join).toList())
                .as("product pages fall back")
                .containsOnly(200);
    }
}
