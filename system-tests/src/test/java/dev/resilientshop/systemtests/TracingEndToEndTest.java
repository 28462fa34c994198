package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./shop up --with-tracing} (docs/tracing.md): one checkout is ONE trace in the launcher's
 * Zipkin, through product-page → order → pricing, inventory, payment → fraud-api, every hop a
 * client span of the caller whose child is the callee's server span, the JDK HttpClient hops of
 * order and payment included.
 *
 * <p>Starts and stops a shop of its own (own state directory, ports 200 above the run's offset),
 * since the shared one runs without tracing.
 */
class TracingEndToEndTest {

    private static final String SKU = "KIT-0003";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CHECKOUT_PATH =
            Set.of("product-page", "order", "pricing", "inventory-primary", "payment", "fraud-api");
    /** Caller, callee: each hop of the checkout, whose CLIENT span must parent the callee's SERVER span. */
    private static final List<String[]> HOPS = List.of(
            new String[] {"product-page", "order"},
            new String[] {"order", "pricing"},
            new String[] {"order", "inventory-primary"},
            new String[] {"order", "payment"},
            new String[] {"payment", "fraud-api"});

    private static Shop shop;
    private static final StockLedger stock = StockLedger.of(SKU);

    private final Browser browser = new Browser();

    @BeforeAll
    static void upWithTracing() throws Exception {
        shop = new Shop(
                Path.of("target/shop-state-tracing"),
                Integer.parseInt(System.getProperty("shop.port.offset", "10000")) + 200);
        var up = shop.run(Duration.ofMinutes(6), "up", "--with-tracing");
        if (up.exitCode() != 0) {
            shop.run(Duration.ofMinutes(2), "down");
            throw new IllegalStateException("./shop up --with-tracing failed:\n" + up.output());
        }
        assertThat(up.output()).contains("Traces:", "/zipkin/");
        stock.open(shop);
    }

    @AfterAll
    static void down() throws Exception {
        if (shop == null) {
            return;
        }
        try {
            stock.restoreAndCheck();
        } finally {
            var down = shop.run(Duration.ofMinutes(2), "down");
            assertThat(down.exitCode()).as(down.output()).isZero();
            assertThat(shop.state.resolve("pids/zipkin.pid"))
                    .as("down stops the trace viewer too")
                    .doesNotExist();
        }
    }

    @Test
    void oneCheckoutIsOneTraceThroughEveryServiceOnItsPath() throws Exception {
        assertThat(post("/cart/add", Map.of("sku", SKU, "quantity", "1")).statusCode())
                .isEqualTo(303);
        var form = page("/checkout");
        var fields = Browser.checkoutForm(form.body());
        var placed = post("/checkout", fields);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(303);

        // Spans leave each service within a second (the launcher's batch delay), each service on
        // its own schedule: a caller's CLIENT span ends after its callee's SERVER span, so the
        // callee's spans often reach Zipkin first. Wait until the fraud check's trace holds every
        // service of the checkout and every hop's client span, not only the first of them.
        List<JsonNode> trace = List.of();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            Optional<List<JsonNode>> found = checkoutTrace();
            if (found.isPresent()) {
                List<JsonNode> candidate = found.get();
                trace = candidate;
                if (HOPS.stream().allMatch(hop -> parentsOf(candidate, hop[1]).contains(hop[0] + "/CLIENT"))) {
                    break;
                }
            }
            Thread.sleep(500);
        }
        assertThat(services(trace)).as("services in the checkout's trace").containsAll(CHECKOUT_PATH);

        // Every hop: the caller's CLIENT span is the parent of the callee's SERVER span.
        for (String[] hop : HOPS) {
            assertThat(parentsOf(trace, hop[1]))
                    .as("parents of %s's server spans", hop[1])
                    .contains(hop[0] + "/CLIENT");
        }
        // order's pipeline told the trace when each call started and how much budget it had
        assertThat(trace).anySatisfy(span -> {
            assertThat(service(span)).isEqualTo("order");
            assertThat(span.path("annotations").toString()).contains("call admitted");
        });

        seenInZipkinsUi(trace.get(0).path("traceId").asText(), trace.size());
    }

    /**
     * The same trace as a reader opens it: Zipkin's own page for it, in Chromium, shows every
     * service of the checkout. The page draws only the rows that fit its window (about 30 px a
     * span below a 300 px header), so the window is made tall enough for every span of the trace.
     * docs/tracing.md shows this screenshot ({@code -Dscreenshots.update=true}).
     */
    private void seenInZipkinsUi(String traceId, int spans) throws Exception {
        try (var playwright = Playwright.create();
                var chromium = Chromium.launch(playwright)) {
            var page = Screenshots.page(chromium);
            page.setViewportSize(Screenshots.WIDTH, Math.min(4_000, 360 + 30 * spans));
            page.navigate("http://127.0.0.1:" + (9411 + shop.offset) + "/zipkin/traces/" + traceId);
            var every =
                    CHECKOUT_PATH.stream().map(service -> "'" + service + ":'").collect(Collectors.joining(","));
            try {
                // a script fetches the trace and draws it: wait until a row of every service is drawn
                page.waitForFunction(
                        "() => [" + every + "].every(s => document.body.innerText.includes(s))",
                        null,
                        new Page.WaitForFunctionOptions().setTimeout(30_000));
            } catch (RuntimeException e) {
                var seen = Screenshots.artifact(page, "checkout-trace-not-drawn", true);
                throw new AssertionError(
                        "Zipkin's page of trace " + traceId + " did not draw a row of each of " + CHECKOUT_PATH
                                + " in 30 s; what it drew: " + seen,
                        e);
            }
            Screenshots.forDocs(page, "checkout-trace", false);
        }
    }

    /** The trace (its spans) that has a fraud-api span and every service of the checkout, if Zipkin has it yet. */
    private Optional<List<JsonNode>> checkoutTrace() throws Exception {
        var response = browser.http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (9411 + shop.offset)
                                + "/api/v2/traces?serviceName=fraud-api&lookback=600000&limit=20"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode trace : JSON.readTree(response.body())) {
            List<JsonNode> spans =
                    StreamSupport.stream(trace.spliterator(), false).toList();
            if (services(spans).containsAll(CHECKOUT_PATH)) {
                return Optional.of(spans);
            }
        }
        return Optional.empty();
    }

    /** "service/KIND" of the parent of each of the callee's SERVER spans that has its parent in the trace. */
    private static List<String> parentsOf(List<JsonNode> trace, String callee) {
        Map<String, JsonNode> byId =
                trace.stream().collect(Collectors.toMap(s -> s.path("id").asText(), s -> s, (a, b) -> a));
        List<String> parents = new ArrayList<>();
        for (JsonNode span : trace) {
            if (service(span).equals(callee)
                    && "SERVER".equals(span.path("kind").asText())) {
                var parent = byId.get(span.path("parentId").asText());
                if (parent != null) {
                    parents.add(service(parent) + "/" + parent.path("kind").asText());
                }
            }
        }
        return parents;
    }

    private static Set<String> services(List<JsonNode> spans) {
        return spans.stream().map(TracingEndToEndTest::service).collect(Collectors.toSet());
    }

    private static String service(JsonNode span) {
        return span.path("localEndpoint").path("serviceName").asText();
    }

    private HttpResponse<String> page(String path) throws Exception {
        return browser.page(shop, path);
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return browser.post(shop, path, form);
    }
}
