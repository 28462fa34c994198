package dev.resilientshop.systemtests.checkout.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * One customer who keeps buying until {@code stopAt}: each checkout gets its own Idempotency-Key and is
 * sent again, with the same key and body, after a 503, a 409 "in flight" (after its Retry-After) or
 * no answer at all, after the 1-4 s a person takes to read "try again" and press the button again,
 * until a final answer (201, 402, 409 out of stock, 422, or 200 for a checkout order-service closed)
 * or the shopper's own deadline for that checkout. One checkout in five pays
 * with the declining test card. What the shopper saw is the soak's evidence: a 201 must be a
 * CONFIRMED order and a 402 must not be, whatever the databases say later.
 */
final class Shopper implements Callable<List<Shopper.Outcome>> {

    static final String GOOD_CARD = "4242 4242 4242 4242";
    static final String DECLINING_CARD = "4000 0000 0000 0002";
    /** How long after the shopping time a checkout in progress may still be retried. */
    static final Duration LINGER = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** A checkout's final answer ({@code status} 0: no final answer before the shopper's deadline). */
    record Outcome(String key, String orderId, int status, int attempts, boolean declining, String detail) {}

    private final URI orders;
    private final List<String> skus;
    private final String keyPrefix;
    private final Random random;
    private final long stopAt;
    private final Duration deadline;

    /** {@code stopAt}: System.nanoTime() after which no new checkout starts. */
    Shopper(URI orders, List<String> skus, String keyPrefix, long seed, long stopAt, Duration deadline) {
        this.orders = orders;
        this.skus = List.copyOf(skus);
        this.keyPrefix = keyPrefix;
        this.random = new Random(seed);
        this.stopAt = stopAt;
        this.deadline = deadline;
    }

    @Override
    public List<Outcome> call() throws InterruptedException {
        var outcomes = new ArrayList<Outcome>();
        while (System.nanoTime() < stopAt && !Thread.currentThread().isInterrupted()) {
            outcomes.add(checkout());
            Thread.sleep(100 + random.nextInt(300)); // a customer reads the confirmation before the next order
        }
        return outcomes;
    }

    Outcome checkout() throws InterruptedException {
        boolean declining = random.nextInt(5) == 0;
        var body = body(declining);
        var key = keyPrefix + "-" + UUID.randomUUID().toString().replace("-", "");
        // its own deadline, and never long after the soak's shopping time: what is left then is recovery's job
        long until = Math.min(System.nanoTime() + deadline.toNanos(), stopAt + LINGER.toNanos());
        String orderId = null;
        String last = "no attempt";
        int attempts = 0;
        while (System.nanoTime() < until) {
            attempts++;
            long pauseMs;
            try {
                var answer = HTTP.send(request(key, body), HttpResponse.BodyHandlers.ofString());
                var json = parse(answer.body());
                var id = json.path(answer.statusCode() / 100 == 2 ? "id" : "orderId")
                        .asText(null);
                orderId = id != null ? id : orderId;
                last = answer.statusCode() + " "
                        + json.path("title").asText(json.path("status").asText(""));
                if (!retryable(answer, json)) {
                    return new Outcome(key, orderId, answer.statusCode(), attempts, declining, last);
                }
                pauseMs =
                        1000L * answer.headers().firstValueAsLong("Retry-After").orElse(0);
            } catch (IOException noAnswer) {
                last = "no answer: " + noAnswer.getClass().getSimpleName();
                pauseMs = 0;
            }
            Thread.sleep(Math.min(5_000, Math.max(pauseMs, 1_000 + random.nextInt(3_000))));
        }
        return new Outcome(
                key, orderId, 0, attempts, declining, "gave up after " + deadline.toSeconds() + " s; last: " + last);
    }

    /** 503 "try again" and 409 "in flight" (it carries Retry-After; out of stock does not) are worth another try. */
    static boolean retryable(HttpResponse<String> answer, JsonNode json) {
        return answer.statusCode() == 503
                || (answer.statusCode() == 409
                        && (answer.headers().firstValue("Retry-After").isPresent()
                                || json.path("title").asText("").contains("flight")));
    }

    private String body(boolean declining) {
        var lines = new LinkedHashSet<String>();
        int count = 1 + random.nextInt(2);
        while (lines.size() < count) {
            lines.add(skus.get(random.nextInt(skus.size())));
        }
        var items = lines.stream()
                .map(sku -> "{\"sku\":\"" + sku + "\",\"quantity\":" + (1 + random.nextInt(3)) + "}")
                .toList();
        return ORDER.formatted(String.join(",", items), declining ? DECLINING_CARD : GOOD_CARD);
    }

    /** An order: its lines, then the card number. */
    private static final String ORDER = """
            {"items":[%s],
             "customer":{"name":"Soak Shopper","email":"soak@example.com"},
             "payment":{"cardNumber":"%s","cardHolder":"Soak Shopper","expiry":"12/39","cvc":"123"}}""";

    private HttpRequest request(String key, String body) {
        return HttpRequest.newBuilder(orders)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .header("X-Request-Budget-Ms", "8000")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException notJson) {
            return JSON.createObjectNode();
        }
    }
}
