package dev.resilientshop.payment.fraud;

import dev.resilientshop.testsupport.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Stands in for fraud-api during tests; approves every charge until a test says otherwise. */
public class FraudApiStub implements QuarkusTestResourceLifecycleManager {

    public static final String APPROVE = "{\"score\":5,\"decision\":\"approve\",\"reasons\":[]}";
    public static final String DECLINE =
            "{\"score\":95,\"decision\":\"decline\",\"reasons\":[\"card_bin_blocklisted\"]}";

    private StubServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new StubServer(List.of(new StubServer.Rule("POST", "/scores", 200, APPROVE, 0, false)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.rest-client.fraud.url", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
