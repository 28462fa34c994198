package dev.resilientshop.productpage.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.ratelimit.RateLimiter;
import dev.resilientshop.resilience.ratelimit.RateLimiter.Decision;
import dev.resilientshop.resilience.ratelimit.RateLimiterConfig;
import dev.resilientshop.testsupport.RawHttp;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code shop.rate-limit.store=redis} against the real Redis (db 1): several pods share one budget
 * per client, the script refills by Redis's clock, and a Redis that is down or silent never blocks
 * a shopper: the pod's own bucket decides instead.
 *
 * <p>Each "pod" below is a {@link RedisRateLimitStore} with its own connection, as separate
 * processes would have; each test uses a fresh client key, so reruns never meet old buckets.
 */
@QuarkusTest
@TestProfile(RedisRateLimitStoreTest.RedisStore.class)
@WithTestResource(DownstreamStubResource.class)
class RedisRateLimitStoreTest {

    /** The filter on the Redis store with 3 tokens and practically no refill. */
    public static class RedisStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "shop.rate-limit.enabled",
                    "true",
                    "shop.rate-limit.store",
                    "redis",
                    "shop.rate-limit.capacity",
                    "3",
                    "shop.rate-limit.refill-per-second",
                    "0.001");
        }
    }

    private static final String PREFIX = "product-page-test:";
    private static final String SHARED_REDIS = "redis://localhost:6379/1";
    private static final Duration TIMEOUT = Duration.ofMillis(50);
    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    Vertx vertx;

    @Inject
    RedisDataSource redisData;

    private final List<Redis> connections = new ArrayList<>();
    private final AtomicInteger fallbacks = new AtomicInteger();

    @AfterEach
    void closeConnections() {
        connections.forEach(Redis::close);
    }

    /** One pod: its own connection to {@code redisUri} and its own local bucket for the fallback. */
    private RedisRateLimitStore pod(String redisUri, int capacity, double refillPerSecond) {
        var redis = Redis.createClient(vertx, redisUri);
        connections.add(redis);
        var local = RateLimiter.of(
                "clients",
                RateLimiterConfig.builder()
                        .capacity(capacity)
                        .refillPerSecond(refillPerSecond)
                        .build());
        return new RedisRateLimitStore(
                redis, PREFIX, capacity, refillPerSecond, TIMEOUT, local, fallbacks::incrementAndGet, Clock.system());
    }

    private static Decision take(RateLimitStore store, String client) {
        return store.tryAcquire(client).await().atMost(AWAIT);
    }

    private static int allowedAlternating(RateLimitStore a, RateLimitStore b, String client, int requests) {
        int allowed = 0;
        for (int i = 0; i < requests; i++) {
            if (take(i % 2 == 0 ? a : b, client).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    private static String freshClient() {
        return "test-" + UUID.randomUUID();
    }

    @Test
    void twoPodsShareOneBudgetPerClient() {
        var podA = pod(SHARED_REDIS, 5, 0.001);
        var podB = pod(SHARED_REDIS, 5, 0.001);
        // 10 requests, alternating pods, 5 tokens in all: 5 allowed, not 5 per pod
        assertThat(allowedAlternating(podA, podB, freshClient(), 10)).isEqualTo(5);
        assertThat(fallbacks).as("every decision came from Redis").hasValue(0);
    }

    @Test
    void localBucketsGiveEachPodItsOwnBudget() {
        // why the Redis store exists: the same 10 requests over two local stores pass 5 + 5
        var podA = RateLimitStore.local(RateLimiter.of(
                "a",
                RateLimiterConfig.builder().capacity(5).refillPerSecond(0.001).build()));
        var podB = RateLimitStore.local(RateLimiter.of(
                "b",
                RateLimiterConfig.builder().capacity(5).refillPerSecond(0.001).build()));
        assertThat(allowedAlternating(podA, podB, freshClient(), 10)).isEqualTo(10);
    }

    @Test
    void theScriptRefillsByTheTimeElapsed() throws Exception {
        // 1 token, 5/s: one token every 200 ms. Redis's own TIME drives the refill, so this test
        // cannot use a ManualClock; it waits only the Retry-After the bucket itself announced.
        var pod = pod(SHARED_REDIS, 1, 5);
        var client = freshClient();
        assertThat(take(pod, client).allowed()).isTrue();
        Decision refused = take(pod, client);
        for (int i = 0; refused.allowed() && i < 10; i++) {
            refused = take(pod, client); // a loaded machine took 200 ms between two calls: take again
        }
        assertThat(refused.allowed()).isFalse();
        // the wait is what is missing of one token: (0, 200 ms]
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(200));
        Thread.sleep(refused.retryAfter().toMillis() + 5);
        assertThat(take(pod, client).allowed())
                .as("a token refilled after Retry-After")
                .isTrue();
        assertThat(fallbacks).hasValue(0);
    }

    @Test
    void anUnreachableRedisFallsBackToThePodsOwnBucket() {
        var pod = pod("redis://127.0.0.1:1", 3, 0.001);
        var client = freshClient();
        List<Boolean> allowed = new ArrayList<>();
        Decision last = null;
        for (int i = 0; i < 5; i++) {
            last = take(pod, client);
            allowed.add(last.allowed());
        }
        // fail open to the local budget of 3, not to "no limit": 3 allowed, then refused
        assertThat(allowed).containsExactly(true, true, true, false, false);
        assertThat(last.retryAfterSeconds()).isPositive();
        assertThat(fallbacks).hasValue(5);
        assertThat(pod.rejectedCount()).isEqualTo(2);
    }

    @Test
    void aRedisThatNeverAnswersFallsBackAfterTheTimeout() throws Exception {
        // a socket that accepts connections (the kernel's backlog) and never says a word
        try (var silent = new ServerSocket(0)) {
            var pod = pod("redis://127.0.0.1:" + silent.getLocalPort(), 3, 0.001);
            var client = freshClient();
            for (int i = 0; i < 3; i++) {
                assertThat(take(pod, client).allowed()).isTrue();
            }
            assertThat(take(pod, client).allowed()).isFalse();
            assertThat(fallbacks).hasValue(4);
        }
    }

    @Test
    void theScriptIsSentAgainWhenRedisHasForgottenIt() {
        var pod = pod(SHARED_REDIS, 3, 0.001);
        var client = freshClient();
        assertThat(take(pod, client).allowed()).isTrue();
        // what a Redis restart does to the script cache (it empties it for everyone: nothing else in the shop uses
        // scripts)
        redisData.execute("SCRIPT", "FLUSH");
        assertThat(take(pod, client).allowed()).isTrue();
        assertThat(fallbacks)
                .as("NOSCRIPT was answered by EVAL, not by the local bucket")
                .hasValue(0);
    }

    @Test
    void theFilterAnswers429WithRetryAfterFromTheSharedBucket() throws Exception {
        // a client of its own (behind the trusted test proxy 127.0.0.1) so reruns start with a full bucket
        var r = ThreadLocalRandom.current();
        var ip = "198.18." + r.nextInt(256) + "." + r.nextInt(1, 255);
        List<Integer> statuses = new ArrayList<>();
        RawHttp.Reply last = null;
        for (int i = 0; i < 4; i++) {
            last = RawHttp.get(RestAssured.port, "/cart", "X-Forwarded-For: " + ip);
            statuses.add(last.status());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429);
        assertThat(last.header("Retry-After")).isNotNull();
        assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
        // the bucket is in Redis, with a TTL so an idle client's key goes away
        var key = PREFIX + "ratelimit:" + ip;
        assertThat(redisData.hash(String.class).hget(key, "tokens")).isNotNull();
        assertThat(redisData.key().pttl(key)).isPositive();
    }
}
