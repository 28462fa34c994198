package dev.resilientshop.productpage.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.testsupport.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The whole product page on {@code shop.rate-limit.store=redis} with a Redis that accepts
 * connections and never answers (the worst outage: a refused connection fails at once, and
 * {@link RedisRateLimitStoreTest#anUnreachableRedisFallsBackToThePodsOwnBucket} covers it): pages
 * are still served and the limit still holds, per pod.
 */
@QuarkusTest
@TestProfile(RedisRateLimitOutageTest.RedisDown.class)
@WithTestResource(DownstreamStubResource.class)
class RedisRateLimitOutageTest {

    /** A socket that accepts connections (the kernel's backlog) and never says a word. */
    private static ServerSocket silentRedis;

    public static class RedisDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                if (silentRedis == null) {
                    silentRedis = new ServerSocket(0);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "shop.rate-limit.enabled",
                    "true",
                    "shop.rate-limit.store",
                    "redis",
                    "shop.rate-limit.capacity",
                    "3",
                    "shop.rate-limit.refill-per-second",
                    "0.001",
                    "quarkus.redis.hosts",
                    "redis://127.0.0.1:" + silentRedis.getLocalPort() + "/1");
        }
    }

    @AfterAll
    static void closeSilentRedis() throws IOException {
        if (silentRedis != null) {
            silentRedis.close();
        }
    }

    @Test
    void withRedisSilentThePodsOwnBucketStillAnswers429() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        RawHttp.Reply last = null;
        for (int i = 0; i < 5; i++) {
            last = RawHttp.get(RestAssured.port, "/cart", "X-Forwarded-For: 198.51.100.77");
            statuses.add(last.status());
        }
        // the local budget of 3: served, never blocked by the outage, and never unlimited either
        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
        assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
        var metrics = RawHttp.get(RestAssured.port, "/q/metrics").body();
        assertThat(metrics).containsPattern("rate_limit_store_fallbacks_total\\{[^}]*\\} 5\\.0");
    }
}
