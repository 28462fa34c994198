package dev.resilientshop.order.checkout;

import dev.resilientshop.testsupport.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * One stub server standing in for pricing, inventory and payment (their paths do not overlap).
 * Reservations read back (GET /reservations/{id}) as HELD.
 * By default every step succeeds: AUD-0001 costs 39.99 (on promotion), CAM-0042 129.00, any other
 * SKU is unknown; reservations and charges go through.
 */
public class DownstreamStub implements QuarkusTestResourceLifecycleManager {

    static final String RESERVATION_ID = "5b0f6f0e-8e4a-4c1e-9a57-3f0c2b7d1a11";
    static final String CHARGE_ID = "c4a1d2e3-0b9f-4e8d-8c7b-6a5f4e3d2c1b";
    static final String PRICES = """
            {"items":[
              {"sku":"AUD-0001","currency":"EUR","listCents":4999,"priceCents":3999,"promotion":{"percentOff":20,"label":"20% off"}},
              {"sku":"CAM-0042","currency":"EUR","listCents":12900,"priceCents":12900,"promotion":null}]}""";
    static final String RESERVATION = """
            {"id":"%s","orderId":"any","status":"HELD","items":[],"createdAt":"2030-01-01T00:00:00Z"}""".formatted(RESERVATION_ID);
    static final String CHARGE = """
            {"id":"%s","orderId":"any","amountCents":1,"currency":"EUR","status":"CAPTURED","declineReason":null,
             "cardLast4":"4242","createdAt":"2030-01-01T00:00:00Z"}""".formatted(CHARGE_ID);

    private StubServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new StubServer(List.of(
                    new StubServer.Rule("GET", "/prices", 200, PRICES, 0, false),
                    new StubServer.Rule("POST", "/reservations", 201, RESERVATION, 0, false),
                    new StubServer.Rule("GET", "/reservations/[^/]+", 200, RESERVATION, 0, false),
                    new StubServer.Rule(
                            "POST",
                            "/reservations/[^/]+/release",
                            200,
                            RESERVATION.replace("HELD", "RELEASED"),
                            0,
                            false),
                    new StubServer.Rule(
                            "POST",
                            "/reservations/[^/]+/commit",
                            200,
                            RESERVATION.replace("HELD", "COMMITTED"),
                            0,
                            false),
                    new StubServer.Rule("POST", "/charges", 201, CHARGE, 0, false)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.rest-client.pricing.url", server.url(),
                "quarkus.rest-client.inventory.url", server.url(),
                "quarkus.rest-client.payment.url", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
