package dev.resilientshop.replay;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every service of the shop as a small loopback server with just enough of the {@code /ops} API
 * for a replay: chaos (GET, PUT, DELETE), {@code /ops/state} with no dependencies,
 * {@code /ops/resilience}, whose PUT bodies are kept so a test can see what mode the replay set,
 * and {@code /ops/resilience/reset}, logged in order in {@link #happened}.
 */
final class FakeShop implements AutoCloseable {

    static final String NO_CHAOS = "{\"latencyMs\":0}";
    static final List<String> SERVICES = List.of(
            "fraud-api",
            "payment",
            "pricing",
            "recommendations",
            "inventory-primary",
            "inventory-secondary",
            "order",
            "product-page");

    private final List<HttpServer> servers = new ArrayList<>();
    /** Each fake service's current chaos, as its {@code GET /ops/chaos} would answer. */
    final Map<String, String> chaos = new ConcurrentHashMap<>();
    /** Each fake service's {@code PUT /ops/resilience} bodies, oldest first. */
    final Map<String, List<String>> modes = new ConcurrentHashMap<>();
    /** What happened, in order: "reset order" for each {@code POST /ops/resilience/reset}; a test may add its own. */
    final List<String> happened = java.util.Collections.synchronizedList(new ArrayList<>());

    final ShopOps ops;

    FakeShop() throws IOException {
        var ports = new LinkedHashMap<String, Integer>();
        for (var service : SERVICES) {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            chaos.put(service, NO_CHAOS);
            modes.put(service, new CopyOnWriteArrayList<>());
            server.createContext("/", exchange -> {
                var path = exchange.getRequestURI().getPath();
                var method = exchange.getRequestMethod();
                var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String answer = "{}";
                if (path.equals("/ops/chaos")) {
                    switch (method) {
                        case "DELETE" -> chaos.put(service, NO_CHAOS);
                        case "PUT" -> chaos.put(service, body);
                        default -> {}
                    }
                    answer = chaos.get(service);
                } else if (path.equals("/ops/resilience") && method.equals("PUT")) {
                    modes.get(service).add(body);
                } else if (path.equals("/ops/resilience/reset")) {
                    happened.add("reset " + service);
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
        ops = new ShopOps(ports, "token");
    }

    /** A load that sends nothing: for tests about the shop's state, not its answers. */
    static LoadDriver quietLoad() {
        return new LoadDriver() {
            @Override
            public void start() {}

            @Override
            public Interval interval() {
                return new Interval();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}
