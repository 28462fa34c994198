package dev.resilientshop.productpage;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The production breaker rule (5 consecutive failures, or half of the last 100 calls) for tests about breakers. */
public class BreakersOnProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("shop.breaker.consecutive-failures", "5", "shop.breaker.failure-rate", "50",
                "shop.breaker.reset-timeout", "60s");
    }
}
