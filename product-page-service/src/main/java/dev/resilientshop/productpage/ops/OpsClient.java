package dev.resilientshop.productpage.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.ops.OpsToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The ops page's own calls to every service's {@code /ops} and health endpoints, never through
 * the shop's resilience pipelines: watching the shop must not change what it does. Polls have a
 * short timeout (a hung service must show as "not answering" within a poll, not freeze the
 * dashboard); an operator's action (a mode switch, chaos on or off) waits longer, since a switch
 * that answers late has still been made, and reporting it as failed would mislead the operator.
 */
@ApplicationScoped
class OpsClient {

    static final Duration TIMEOUT = Duration.ofMillis(800);
    /** For PUT and DELETE: a loaded service took over 800 ms to switch its mode (OpsClientTest). */
    static final Duration ACTION_TIMEOUT = Duration.ofSeconds(5);

    /** What one HTTP exchange gave: the status (0 when nothing answered) and the JSON body, if any. */
    record Reply(int status, JsonNode body, String error) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final OpsToken token;
    private final ObjectMapper json;

    OpsClient(OpsToken token, ObjectMapper json) {
        this.token = token;
        this.json = json;
    }

    CompletableFuture<Reply> get(String baseUrl, String path) {
        return send(request(baseUrl, path, TIMEOUT).GET(), TIMEOUT);
    }

    CompletableFuture<Reply> put(String baseUrl, String path, String body) {
        return send(
                request(baseUrl, path, ACTION_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)),
                ACTION_TIMEOUT);
    }

    CompletableFuture<Reply> delete(String baseUrl, String path) {
        return send(request(baseUrl, path, ACTION_TIMEOUT).DELETE(), ACTION_TIMEOUT);
    }

    private HttpRequest.Builder request(String baseUrl, String path, Duration timeout) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
        token.value().ifPresent(t -> builder.header(OpsToken.HEADER, t));
        return builder;
    }

    private CompletableFuture<Reply> send(HttpRequest.Builder request, Duration timeout) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Reply(r.statusCode(), parse(r.body()), null))
                .exceptionally(e -> new Reply(0, null, describe(e, timeout)));
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static String describe(Throwable e, Duration timeout) {
        var cause = e.getCause() != null ? e.getCause() : e;
        var name = cause.getClass().getSimpleName();
        return name.contains("Timeout")
                ? "no answer within " + timeout.toMillis() + " ms"
                : name.contains("Connect") ? "connection refused (not running?)" : name;
    }
}
