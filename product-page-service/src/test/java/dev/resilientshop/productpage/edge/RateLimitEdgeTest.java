package dev.resilientshop.productpage.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.testsupport.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rate limit's attacks with the default configuration (no trusted proxy): a path with dot
 * segments that the old filter judged "static, exempt" while the router served the product page,
 * and an X-Forwarded-For header that gave every request a fresh bucket. And the warm-up's own
 * requests, which must not be limited, nor drain a bucket, with no proxy trusted either.
 */
@QuarkusTest
@TestProfile(RateLimitEdgeTest.TinyBucket.class)
@WithTestResource(DownstreamStubResource.class)
class RateLimitEdgeTest {

    @Inject
    WarmUpPass pass;

    /** 3 tokens and practically no refill: the 4th request of one client is a 429. */
    public static class TinyBucket implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "shop.rate-limit.enabled",
                    "true",
                    "shop.rate-limit.capacity",
                    "3",
                    "shop.rate-limit.refill-per-second",
                    "0.001",
                    // the production default trusts no proxy; the test profile trusts 127.0.0.1, so name another one
                    "shop.rate-limit.trusted-proxies",
                    "192.0.2.1/32");
        }
    }

    @Test
    void aRawPathWithDotSegmentsIsRefusedWith400() throws Exception {
        // curl --path-as-is http://localhost:8080/css/../p/AUD-0004 went past the limit: 150 x 200
        for (var target : new String[] {"/css/../cart", "/img/./../cart", "/css/%2e%2e/cart", "/cart/.."}) {
            var reply = RawHttp.get(RestAssured.port, target);
            assertThat(reply.status()).as(target).isEqualTo(400);
        }
    }

    @Test
    void forwardedForFromAnUntrustedPeerGivesNoFreshIdentity() throws Exception {
        int limited = 0;
        for (int i = 1; i <= 8; i++) {
            var reply = RawHttp.get(RestAssured.port, "/cart", "X-Forwarded-For: 10.9.0." + i);
            if (reply.status() == 429) {
                limited++;
            }
        }
        // 8 requests from one peer, 3 tokens: at least 5 refused, whatever the header claims
        assertThat(limited).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aRefusalIsProblemJsonUnderTheApiAndAShortPageElsewhereBothWithRetryAfter() throws Exception {
        // an own client (X-Forwarded-For is ignored here, so the bucket is the loopback peer's): drain it
        RawHttp.Reply page = null;
        for (int i = 0; i < 6 && (page == null || page.status() != 429); i++) {
            page = RawHttp.get(RestAssured.port, "/cart");
        }
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(Long.parseLong(page.header("Retry-After"))).isGreaterThanOrEqualTo(1);
        assertThat(page.body())
                .contains("<p class=\"error-code\">429</p>", "Too many requests")
                .doesNotContain("Exception");

        var api = RawHttp.get(RestAssured.port, "/api/products");
        assertThat(api.status()).isEqualTo(429);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(api.header("Retry-After"))).isGreaterThanOrEqualTo(1);
        assertThat(api.body()).contains("\"status\":429", "\"title\":\"Too many requests\"", "/api/products");
    }

    /**
     * The start-up warm-up sends some 400 requests over loopback in a few seconds. With no proxy
     * trusted (the default of {@code ./shop up}, compose and Kubernetes) they all came from one
     * client, 127.0.0.1: 185 of them were refused with 429 at the door, warming nothing, and
     * the bucket of a visitor on the same machine was empty when the shop said ready.
     */
    @Test
    void theWarmUpsPassIsNeverLimitedAndAWrongPassIsNoPass() throws Exception {
        for (int i = 0; i < 8; i++) {
            var reply = RawHttp.get(RestAssured.port, "/cart", WarmUpPass.HEADER + ": " + pass.token());
            assertThat(reply.status()).as("warm-up request %d", i).isNotEqualTo(429);
        }
        int limited = 0;
        for (int i = 0; i < 8; i++) {
            if (RawHttp.get(
                                    RestAssured.port,
                                    "/cart",
                                    WarmUpPass.HEADER + ": "
                                            + "0".repeat(pass.token().length()))
                            .status()
                    == 429) {
                limited++;
            }
        }
        // 8 requests from one peer, 3 tokens: at least 5 refused
        assertThat(limited).isGreaterThanOrEqualTo(5);
    }
}
