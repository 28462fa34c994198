package dev.resilientshop.productpage.stub;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** What a test tells the stub over HTTP (the stub may live in another class loader). */
public final class Stub {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Stub() {}

    public static void reset() {
        post("/__control/reset");
    }

    public static void fail(String dependency, int status) {
        post("/__control/" + dependency + "?status=" + status);
    }

    public static void delay(String dependency, long millis) {
        post("/__control/" + dependency + "?delayMs=" + millis);
    }

    /** Every POST /orders the stub received: {idempotencyKey, body}. */
    public static List<Map<String, Object>> orderCalls() {
        try {
            var body = HTTP.send(
                            HttpRequest.newBuilder(URI.create(base() + "/__control/orders"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return new ObjectMapper().readValue(body, new TypeReference<>() {});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Requests a dependency ({@code "inventory"}) or one of its resources ({@code "inventory/stock"})
     * received since the last {@link #reset()}.
     */
    public static int calls(String dependency) {
        try {
            var body = HTTP.send(
                            HttpRequest.newBuilder(URI.create(base() + "/__control/calls"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Map<String, Integer> counts = new ObjectMapper().readValue(body, new TypeReference<>() {});
            return counts.getOrDefault(dependency, 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void post(String path) {
        try {
            var response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base() + path))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("stub control failed: " + response.body());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base() {
        return ConfigProvider.getConfig().getValue("stub.url", String.class);
    }
}
