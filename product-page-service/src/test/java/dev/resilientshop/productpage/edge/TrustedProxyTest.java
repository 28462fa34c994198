package dev.resilientshop.productpage.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.testsupport.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behind a trusted proxy (the test's own 127.0.0.1): who the client is, per RFC 7239 practice. */
@QuarkusTest
@TestProfile(TrustedProxyTest.BehindAProxy.class)
@WithTestResource(DownstreamStubResource.class)
class TrustedProxyTest {

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "shop.rate-limit.enabled",
                    "true",
                    "shop.rate-limit.capacity",
                    "3",
                    "shop.rate-limit.refill-per-second",
                    "0.001",
                    "shop.rate-limit.trusted-proxies",
                    "127.0.0.1/32,::1/128");
        }
    }

    private static int limited(String... forwardedFor) throws Exception {
        int limited = 0;
        for (var header : forwardedFor) {
            if (RawHttp.get(RestAssured.port, "/cart", "X-Forwarded-For: " + header)
                            .status()
                    == 429) {
                limited++;
            }
        }
        return limited;
    }

    @Test
    void theRightMostUntrustedAddressIsTheClientNotTheForgeableLeftMostOne() throws Exception {
        // the client writes the left part itself; the proxy appended 198.51.100.7, the address it saw
        assertThat(limited(
                        "1.1.1.1, 198.51.100.7",
                        "1.1.1.2, 198.51.100.7",
                        "1.1.1.3, 198.51.100.7",
                        "1.1.1.4, 198.51.100.7",
                        "1.1.1.5, 198.51.100.7",
                        "1.1.1.6, 198.51.100.7"))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64() throws Exception {
        // one subscriber owns a whole /64: walking its addresses mints no fresh buckets
        assertThat(limited(
                        "2001:db8:7:9::1",
                        "2001:db8:7:9::2",
                        "2001:db8:7:9:ffff::3",
                        "2001:db8:7:9::4",
                        "2001:db8:7:9::5",
                        "2001:db8:7:9::6"))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void distinctClientsBehindTheProxyKeepTheirOwnBuckets() throws Exception {
        // what the drills rely on: each simulated client its own X-Forwarded-For
        assertThat(limited("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"))
                .isZero();
    }
}
