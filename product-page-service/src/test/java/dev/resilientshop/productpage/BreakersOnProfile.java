package dev.resilientshop.productpage;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The production breaker rule (5 consecutive failures, or half of the last 100 calls) for tests about breakers. */
public class BreakersOnProfile implements QuarkusTestProfile {

    /** The product page's four dependencies. */
    static final List<String> DEPENDENCIES = List.of("inventory", "pricing", "recommendations", "order");

    @Override
    public Map<String, String> getConfigOverrides() {
        return productionBreakers();
    }

    /** For every dependency: 5 consecutive failures or half the window open the breaker; it waits 60 s to probe. */
    public static Map<String, String> productionBreakers() {
        var overrides = new HashMap<String, String>();
        for (var dependency : DEPENDENCIES) {
            var at = "shop.dependency." + dependency + ".breaker.";
            overrides.put(at + "consecutive-failures", "5");
            overrides.put(at + "failure-rate", "50");
            overrides.put(at + "reset-timeout", "60s");
        }
        return overrides;
    }
}
