package dev.resilientshop.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;

/**
 * A downstream service under a test's control: the JDK's HttpServer on a free port that answers by
 * rules, records every request, and is steered over HTTP ({@code /__stub/...}) so a test can make it
 * decline, fail or hang on cue. Steering over HTTP rather than through a shared object keeps it
 * independent of the class loaders Quarkus gives tests and test resources.
 *
 * <p>Rules are tried newest first; {@code path} is a regular expression over the request path;
 * {@code drop} closes the connection without an answer (a crashed peer).
 */
public final class StubServer {

    public record Rule(String method, String path, int status, String body, long delayMs, boolean drop) {}

    public record Recorded(String method, String path, String query, Map<String, String> headers, String body) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Rule> defaults;
    private final ConcurrentLinkedDeque<Rule> rules = new ConcurrentLinkedDeque<>();
    private final List<Recorded> recorded = Collections.synchronizedList(new ArrayList<>());

    public StubServer(List<Rule> defaults) throws IOException {
        this.defaults = List.copyOf(defaults);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            var t = new Thread(r, "stub-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var path = exchange.getRequestURI().getPath();
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.startsWith("/__stub/")) {
                control(exchange, path, body);
                return;
            }
            var headers = new LinkedHashMap<String, String>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            recorded.add(new Recorded(
                    exchange.getRequestMethod(), path, exchange.getRequestURI().getQuery(), headers, body));
            var rule = match(exchange.getRequestMethod(), path);
            if (rule == null) {
                send(exchange, 404, "{\"status\":404,\"title\":\"no stub rule\"}");
                return;
            }
            if (rule.delayMs() > 0) {
                Thread.sleep(rule.delayMs());
            }
            if (rule.drop()) {
                return;
            }
            send(exchange, rule.status(), rule.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Rule match(String method, String path) {
        for (var rule : rules) {
            if (rule.method().equalsIgnoreCase(method) && path.matches(rule.path())) {
                return rule;
            }
        }
        return defaults.stream()
                .filter(r -> r.method().equalsIgnoreCase(method) && path.matches(r.path()))
                .findFirst()
                .orElse(null);
    }

    private void control(HttpExchange exchange, String path, String body) throws IOException {
        switch (path) {
            case "/__stub/rules" -> {
                rules.addFirst(JSON.readValue(body, Rule.class));
                send(exchange, 204, null);
            }
            case "/__stub/reset" -> {
                rules.clear();
                recorded.clear();
                send(exchange, 204, null);
            }
            case "/__stub/requests" -> {
                List<Recorded> copy;
                synchronized (recorded) {
                    copy = List.copyOf(recorded);
                }
                send(exchange, 200, JSON.writeValueAsString(copy));
            }
            default -> send(exchange, 404, null);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        var type = status >= 400 && body.startsWith("{") ? "application/problem+json" : "application/json";
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
