package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a replay measures the scenario's faults only if the shop carries no other fault. A
 * latency left on order-service by an earlier {@code ./shop chaos order latency=9000} made every
 * checkout of a seed 003 replay answer 503 after the 8 s checkout budget, healthy phase included,
 * because the replay cleared chaos only on the scenario's own service (fraud-api). Here every
 * service of the shop is a small loopback server with an {@code /ops} API, and order-service
 * starts with chaos on.
 */
class LeftoverChaosTest {

    private static final String NONE = "{\"latencyMs\":0}";

    @TempDir
    Path reports;

    private final List<HttpServer> servers = new ArrayList<>();
    /** Each fake service's current chaos, as its {@code GET /ops/chaos} would answer. */
    private final Map<String, String> chaos = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private Map<String, Integer> shop(List<String> services) throws Exception {
        var ports = new LinkedHashMap<String, Integer>();
        for (var service : services) {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            chaos.put(service, NONE);
            server.createContext("/", exchange -> {
                var path = exchange.getRequestURI().getPath();
                var method = exchange.getRequestMethod();
                var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String answer = "{}";
                if (path.equals("/ops/chaos")) {
                    switch (method) {
                        case "DELETE" -> chaos.put(service, NONE);
                        case "PUT" -> chaos.put(service, body);
                        default -> { }
                    }
                    answer = chaos.get(service);
                } else if (path.equals("/ops/state")) {
                    answer = "{\"dependencies\":[]}";
                }
                var bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            servers.add(server);
            ports.put(service, server.getAddress().getPort());
        }
        return ports;
    }

    /** A load that sends nothing: this test is about the shop's state, not its answers. */
    private static LoadDriver quietLoad() {
        return new LoadDriver() {
            @Override
            public void start() {
            }

            @Override
            public Interval interval() {
                return new Interval();
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void chaosLeftOnAServiceOutsideTheScenarioIsClearedBeforeTheHealthyPhaseAndSaidSo() throws Exception {
        var ops = new ShopOps(shop(List.of("fraud-api", "payment", "pricing", "recommendations", "inventory-primary",
                "inventory-secondary", "order", "product-page")), "token");
        chaos.put("order", "{\"latencyMs\":9000}");
        var out = new ByteArrayOutputStream();
        var chaosOnOrderWhenLoadStarted = new ArrayList<String>();
        Replay.LoadFactory loads = (load, duration) -> {
            chaosOnOrderWhenLoadStarted.add(chaos.get("order"));
            return quietLoad();
        };
        var replay = new Replay(Path.of("."), ops, 0, loads, new PrintStream(out, true, StandardCharsets.UTF_8));
        // seed 003 at 480x: one wall second per mode
        var result = replay.run(new Replay.Options("seed-003-fraud-cascade", 480, List.of("resilient"), null,
                Duration.ZERO, Duration.ZERO, reports, "off"));

        assertThat(chaosOnOrderWhenLoadStarted).containsExactly(NONE);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("chaos left on order").contains("9000");
        assertThat(result.events().get("resilient")).anySatisfy(e -> assertThat(e.text()).contains("chaos left on order"));
        // the scenario's own fault was applied and taken off as before
        assertThat(chaos.get("fraud-api")).isEqualTo(NONE);
    }
}
