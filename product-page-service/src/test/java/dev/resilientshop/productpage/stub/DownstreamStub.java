package dev.resilientshop.productpage.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.kit.catalog.Category;
import dev.resilientshop.kit.catalog.SeedProduct;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * One JDK HTTP server standing in for inventory, pricing, recommendations and order-service
 * (under /inventory, /pricing, /recommendations, /order; /inventory-secondary is a second
 * inventory replica for the tests that configure one), answering canned JSON built from the
 * shop-kit seed exactly as docs/api.md describes. {@code /__control/...} tells a dependency to
 * fail with a status or to answer slowly, and reports what order-service received and how many
 * requests each dependency ({@code inventory}) and each of its resources ({@code inventory/stock})
 * received.
 */
public final class DownstreamStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, SeedProduct> BY_SKU = CatalogSeed.products().stream()
            .collect(Collectors.toMap(SeedProduct::sku, p -> p, (a, b) -> a, LinkedHashMap::new));

    private final HttpServer server;
    private final Map<String, Integer> failStatus = new ConcurrentHashMap<>();
    private final Map<String, Long> delayMs = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> orderCalls = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> ordersByKey = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> ordersById = new ConcurrentHashMap<>();

    public DownstreamStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** For trying the pages by hand (and screenshots) without the real services. */
    public static void main(String[] args) throws IOException {
        var stub = new DownstreamStub();
        System.out.println(stub.baseUrl());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            var path = ex.getRequestURI().getPath();
            var query = query(ex.getRequestURI().getRawQuery());
            if (path.startsWith("/__control")) {
                control(ex, path, query);
                return;
            }
            var parts = path.substring(1).split("/", 2);
            var dependency = parts[0];
            var rest = "/" + (parts.length > 1 ? parts[1] : "");
            calls.computeIfAbsent(dependency, d -> new java.util.concurrent.atomic.AtomicInteger())
                    .incrementAndGet();
            var resource = dependency + "/" + rest.substring(1).split("/", 2)[0];
            calls.computeIfAbsent(resource, d -> new java.util.concurrent.atomic.AtomicInteger())
                    .incrementAndGet();
            var delay = delayMs.getOrDefault(dependency, 0L);
            if (delay > 0) {
                Thread.sleep(delay);
            }
            var status = failStatus.get(dependency);
            if (status != null) {
                send(ex, status, Map.of("title", "Injected failure", "status", status));
                return;
            }
            switch (dependency) {
                case "inventory", "inventory-secondary" -> inventory(ex, rest, query);
                case "pricing" -> pricing(ex, rest, query);
                case "recommendations" -> recommendations(ex, rest, query);
                case "order" -> order(ex, rest);
                default -> send(ex, 404, Map.of("title", "Not found"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            send(ex, 500, Map.of("title", "Stub bug", "detail", String.valueOf(e)));
        }
    }

    private void control(HttpExchange ex, String path, Map<String, String> query) throws IOException {
        if (path.equals("/__control/reset")) {
            failStatus.clear();
            delayMs.clear();
            orderCalls.clear();
            calls.clear();
            send(ex, 200, Map.of("reset", true));
        } else if (path.equals("/__control/orders")) {
            send(ex, 200, orderCalls);
        } else if (path.equals("/__control/calls")) {
            var counts = new HashMap<String, Integer>();
            calls.forEach((dependency, n) -> counts.put(dependency, n.get()));
            send(ex, 200, counts);
        } else {
            var dependency = path.substring("/__control/".length());
            if (query.containsKey("status")) {
                failStatus.put(dependency, Integer.parseInt(query.get("status")));
            }
            if (query.containsKey("delayMs")) {
                delayMs.put(dependency, Long.parseLong(query.get("delayMs")));
            }
            send(ex, 200, Map.of("dependency", dependency));
        }
    }

    private void inventory(HttpExchange ex, String path, Map<String, String> q) throws IOException {
        if (path.equals("/categories")) {
            var counts = CatalogSeed.countsByCategory();
            send(
                    ex,
                    200,
                    Category.ALL.stream()
                            .map(c -> Map.of("slug", c.slug(), "name", c.name(), "productCount", counts.get(c.slug())))
                            .toList());
        } else if (path.equals("/products")
                && q.get("q") != null
                && q.get("q").strip().length() > 100) {
            // as inventory-service: a search text over 100 characters is the caller's mistake
            send(ex, 400, problem(400, "Bad request", Map.of()));
        } else if (path.equals("/products") && q.get("skus") != null) {
            var skus = Arrays.stream(q.get("skus").split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .distinct()
                    .toList();
            if (skus.size() > 100) {
                send(ex, 400, problem(400, "Bad request", Map.of()));
                return;
            }
            var items = skus.stream()
                    .map(BY_SKU::get)
                    .filter(p -> p != null)
                    .map(DownstreamStub::product)
                    .toList();
            send(
                    ex,
                    200,
                    Map.of("items", items, "total", items.size(), "page", 0, "size", items.size(), "servedBy", "stub"));
        } else if (path.equals("/products")) {
            var matches = BY_SKU.values().stream()
                    .filter(p -> q.get("category") == null || p.category().equals(q.get("category")))
                    .filter(p -> q.get("q") == null
                            || (p.name() + " " + p.description())
                                    .toLowerCase()
                                    .contains(q.get("q").toLowerCase()))
                    .toList();
            int page = Integer.parseInt(q.getOrDefault("page", "0"));
            int size = Integer.parseInt(q.getOrDefault("size", "24"));
            var items = matches.stream()
                    .skip((long) page * size)
                    .limit(size)
                    .map(DownstreamStub::product)
                    .toList();
            send(
                    ex,
                    200,
                    Map.of("items", items, "total", matches.size(), "page", page, "size", size, "servedBy", "stub"));
        } else if (path.startsWith("/products/")) {
            var p = BY_SKU.get(path.substring("/products/".length()));
            send(ex, p == null ? 404 : 200, p == null ? Map.of("title", "Not found") : product(p));
        } else if (path.startsWith("/stock/")) {
            var p = BY_SKU.get(path.substring("/stock/".length()));
            send(
                    ex,
                    p == null ? 404 : 200,
                    p == null
                            ? Map.of("title", "Not found")
                            : Map.of("sku", p.sku(), "available", p.stock(), "servedBy", "stub"));
        } else {
            send(ex, 404, Map.of("title", "Not found"));
        }
    }

    static Map<String, Object> product(SeedProduct p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("sku", p.sku());
        m.put("name", p.name());
        m.put("description", p.description());
        m.put("category", p.category());
        m.put("categoryName", Category.bySlug(p.category()).name());
        m.put("imageUrl", p.imagePath());
        m.put("available", p.stock());
        m.put("servedBy", "stub");
        return m;
    }

    private void pricing(HttpExchange ex, String path, Map<String, String> q) throws IOException {
        if (path.equals("/prices")) {
            var items = Arrays.stream(q.getOrDefault("skus", "").split(","))
                    .map(BY_SKU::get)
                    .filter(p -> p != null)
                    .map(DownstreamStub::price)
                    .toList();
            send(ex, 200, Map.of("items", items));
        } else if (path.startsWith("/prices/")) {
            var p = BY_SKU.get(path.substring("/prices/".length()));
            send(ex, p == null ? 404 : 200, p == null ? Map.of("title", "Not found") : price(p));
        } else {
            send(ex, 404, Map.of("title", "Not found"));
        }
    }

    public static int priceCents(SeedProduct p) {
        return p.listPriceCents() * (100 - p.promotionPercent()) / 100;
    }

    static Map<String, Object> price(SeedProduct p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("sku", p.sku());
        m.put("currency", "EUR");
        m.put("listCents", p.listPriceCents());
        m.put("priceCents", priceCents(p));
        m.put(
                "promotion",
                p.promotionPercent() == 0
                        ? null
                        : Map.of("percentOff", p.promotionPercent(), "label", p.promotionPercent() + "% off"));
        return m;
    }

    private void recommendations(HttpExchange ex, String path, Map<String, String> q) throws IOException {
        int limit = Integer.parseInt(q.getOrDefault("limit", "6"));
        if (path.equals("/recommendations/popular")) {
            var items = BY_SKU.values().stream()
                    .sorted(Comparator.comparingInt(SeedProduct::popularity).reversed())
                    .limit(limit)
                    .map(DownstreamStub::recommendation)
                    .toList();
            send(ex, 200, Map.of("source", "popular", "items", items));
        } else if (path.startsWith("/recommendations/")) {
            var sku = path.substring("/recommendations/".length());
            var p = BY_SKU.get(sku);
            if (p == null) {
                send(ex, 404, Map.of("title", "Not found"));
                return;
            }
            var items = CatalogSeed.inCategory(p.category()).stream()
                    .filter(o -> !o.sku().equals(sku))
                    .limit(limit)
                    .map(DownstreamStub::recommendation)
                    .toList();
            var body = new HashMap<String, Object>();
            body.put("sku", sku);
            body.put("userId", q.get("userId"));
            body.put("source", "co-purchase");
            body.put("items", items);
            send(ex, 200, body);
        } else {
            send(ex, 404, Map.of("title", "Not found"));
        }
    }

    static Map<String, Object> recommendation(SeedProduct p) {
        return Map.of("sku", p.sku(), "name", p.name(), "category", p.category(), "score", p.popularity());
    }

    /** Cards as in docs/api.md; a quantity above the seed stock is a 409 naming the SKU. */
    private void order(HttpExchange ex, String path) throws IOException {
        if (ex.getRequestMethod().equals("GET") && path.startsWith("/orders/")) {
            var order = ordersById.get(path.substring("/orders/".length()));
            send(ex, order == null ? 404 : 200, order == null ? Map.of("title", "Not found", "status", 404) : order);
            return;
        }
        var key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        JsonNode body = JSON.readTree(ex.getRequestBody());
        var call = new LinkedHashMap<String, Object>();
        call.put("idempotencyKey", key);
        call.put("budgetMs", ex.getRequestHeaders().getFirst("X-Request-Budget-Ms"));
        call.put("body", JSON.convertValue(body, Map.class));
        orderCalls.add(call);
        if (key == null) {
            send(ex, 400, problem(400, "Idempotency-Key is required", Map.of()));
            return;
        }
        var existing = ordersByKey.get(key);
        if (existing != null) {
            send(ex, 200, existing);
            return;
        }
        var card = body.path("payment").path("cardNumber").asText();
        var decline = switch (card) {
            case "4000000000000002" -> "card_declined";
            case "4000000000009995" -> "insufficient_funds";
            case "4100000000000019" -> "fraud_suspected";
            default -> null;
        };
        var id = UUID.randomUUID().toString();
        // order-service's idempotency answers (issue 7): the key is still running / was used for another body
        if (body.path("customer").path("email").asText().endsWith("@inflight.example")) {
            ex.getResponseHeaders().add("Retry-After", "1");
            send(
                    ex,
                    409,
                    problem(
                            409,
                            "Request in flight",
                            Map.of("orderId", UUID.randomUUID().toString())));
            return;
        }
        if (body.path("customer").path("email").asText().endsWith("@reused.example")) {
            send(ex, 422, problem(422, "Idempotency-Key reused", Map.of()));
            return;
        }
        if (body.path("customer").path("email").asText().endsWith("@rejected.example")) {
            send(
                    ex,
                    422,
                    problem(
                            422,
                            "Invalid request",
                            Map.of(
                                    "errors",
                                    List.of(Map.of(
                                            "field",
                                            "customer.email",
                                            "message",
                                            "is not accepted by order-service")))));
            return;
        }
        var items = new ArrayList<Map<String, Object>>();
        long total = 0;
        for (var item : body.path("items")) {
            var p = BY_SKU.get(item.path("sku").asText());
            int quantity = item.path("quantity").asInt();
            if (p == null) {
                send(
                        ex,
                        422,
                        problem(
                                422,
                                "Invalid request",
                                Map.of("errors", List.of(Map.of("field", "items", "message", "unknown SKU")))));
                return;
            }
            if (quantity > p.stock()) {
                send(ex, 409, problem(409, "Out of stock", Map.of("sku", p.sku(), "orderId", id)));
                return;
            }
            items.add(Map.of("sku", p.sku(), "quantity", quantity, "unitPriceCents", priceCents(p)));
            total += (long) priceCents(p) * quantity;
        }
        if (card.equals("4242424242420000")) {
            var failed = new LinkedHashMap<String, Object>(
                    Map.of("id", id, "status", "FAILED", "items", List.of(), "totalCents", 0, "currency", "EUR"));
            ordersByKey.put(key, failed);
            send(ex, 503, problem(503, "Payment unavailable", Map.of("orderId", id)));
            return;
        }
        if (decline != null) {
            send(ex, 402, problem(402, "Payment declined", Map.of("reason", decline, "orderId", id)));
            return;
        }
        var order = new LinkedHashMap<String, Object>();
        order.put("id", id);
        order.put("status", "CONFIRMED");
        order.put("items", items);
        order.put("totalCents", total);
        order.put("currency", "EUR");
        order.put(
                "customer",
                Map.of(
                        "name",
                        body.path("customer").path("name").asText(),
                        "email",
                        body.path("customer").path("email").asText()));
        order.put("createdAt", "2026-01-01T00:00:00Z");
        ordersByKey.put(key, order);
        ordersById.put(id, order);
        send(ex, 201, order);
    }

    private static Map<String, Object> problem(int status, String title, Map<String, Object> extensions) {
        var m = new LinkedHashMap<String, Object>(extensions);
        m.put("type", "https://resilient-shop.dev/problems/x");
        m.put("title", title);
        m.put("status", status);
        m.put("detail", title);
        return m;
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        var bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        var out = new HashMap<String, String>();
        if (raw == null) {
            return out;
        }
        for (var pair : raw.split("&")) {
            var kv = pair.split("=", 2);
            out.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }
}
