package dev.resilientshop.productpage.stub;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts {@link DownstreamStub} and points every REST client of the product page at it. */
public class DownstreamStubResource implements QuarkusTestResourceLifecycleManager {

    private DownstreamStub stub;

    @Override
    public Map<String, String> start() {
        try {
            stub = new DownstreamStub();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        var base = stub.baseUrl();
        return Map.of(
                "quarkus.rest-client.inventory.url", base + "/inventory",
                "quarkus.rest-client.pricing.url", base + "/pricing",
                "quarkus.rest-client.recommendations.url", base + "/recommendations",
                "quarkus.rest-client.order.url", base + "/order",
                "stub.url", base);
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.stop();
        }
    }
}
