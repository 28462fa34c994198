package dev.resilientshop.testsupport;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A test's remote control for a {@link StubServer}, found by the REST client config key it stands in for. */
public final class Stub {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;

    private Stub(String base) {
        this.base = base;
    }

    public static Stub forClient(String configKey) {
        return new Stub(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.rest-client." + configKey + ".url", String.class));
    }

    public void respond(String method, String path, int status, String body) {
        rule(new StubServer.Rule(method, path, status, body, 0, false));
    }

    public void respondAfter(Duration delay, String method, String path, int status, String body) {
        rule(new StubServer.Rule(method, path, status, body, delay.toMillis(), false));
    }

    /** The connection is closed without an answer, as by a peer that crashed mid-request. */
    public void drop(String method, String path) {
        rule(new StubServer.Rule(method, path, 0, null, 0, true));
    }

    public void reset() {
        post("/__stub/reset", "");
    }

    public List<StubServer.Recorded> requests(String method, String pathRegex) {
        try {
            var response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/__stub/requests"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            List<StubServer.Recorded> all = JSON.readValue(response.body(), new TypeReference<>() {});
            return all.stream()
                    .filter(r -> r.method().equalsIgnoreCase(method) && r.path().matches(pathRegex))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void rule(StubServer.Rule rule) {
        try {
            post("/__stub/rules", JSON.writeValueAsString(rule));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void post(String path, String body) {
        try {
            var response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("stub control " + path + " answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
