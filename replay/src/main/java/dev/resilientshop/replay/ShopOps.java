package dev.resilientshop.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running shop as the replay sees it: each service's port (services.conf + the launcher's
 * offset) and its {@code /ops} API with the launcher's ops token: chaos, the resilient/naive
 * switch and the live state feed. Only 127.0.0.1.
 */
public final class ShopOps {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Integer> ports;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    public ShopOps(Map<String, Integer> ports, String token) {
        this.ports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ports));
        this.token = token;
    }

    /** Ports from {@code root/services.conf} plus {@code offset}, the token from {@code stateDir/ops-token}. */
    public static ShopOps of(Path root, Path stateDir, int offset) throws IOException {
        var ports = new LinkedHashMap<String, Integer>();
        for (var line : Files.readAllLines(root.resolve("services.conf"))) {
            var f = line.strip().split("\\s+");
            if (f.length >= 4 && f[0].equals("service")) {
                ports.put(f[1], Integer.parseInt(f[3]) + offset);
            }
        }
        var tokenFile = stateDir.resolve("ops-token");
        if (!Files.exists(tokenFile)) {
            throw new IllegalStateException("no ops token in " + tokenFile + ": is the shop running (./shop up)?");
        }
        return new ShopOps(ports, Files.readString(tokenFile).strip());
    }

    public Map<String, Integer> ports() {
        return ports;
    }

    public URI base(String service) {
        var port = ports.get(service);
        if (port == null) {
            throw new IllegalArgumentException(
                    "unknown service " + service + " (services.conf has " + ports.keySet() + ")");
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    public void chaos(String service, JsonNode config) throws IOException, InterruptedException {
        send(service, "PUT", "/ops/chaos", JSON.writeValueAsString(config), Duration.ofSeconds(5));
    }

    public void chaosOff(String service) throws IOException, InterruptedException {
        send(service, "DELETE", "/ops/chaos", null, Duration.ofSeconds(5));
    }

    /**
     * Clears the service's chaos and returns what it was when that was a fault (what
     * {@code GET /ops/chaos} answered, differing from the cleared state), else empty.
     */
    public java.util.Optional<JsonNode> clearChaos(String service) throws IOException, InterruptedException {
        var before = JSON.readTree(send(service, "GET", "/ops/chaos", null, Duration.ofSeconds(5)));
        var after = JSON.readTree(send(service, "DELETE", "/ops/chaos", null, Duration.ofSeconds(5)));
        return before.equals(after) ? java.util.Optional.empty() : java.util.Optional.of(before);
    }

    public void apply(Scenario.Action action) throws IOException, InterruptedException {
        if (action.clears()) {
            chaosOff(action.service());
        } else {
            chaos(action.service(), action.chaos());
        }
    }

    public void mode(String service, String mode) throws IOException, InterruptedException {
        mode(service, mode, java.util.List.of());
    }

    /** {@code PUT /ops/resilience}: the mode, with the named patterns switched off (a PUT replaces both). */
    public void mode(String service, String mode, java.util.List<String> off) throws IOException, InterruptedException {
        var names = off.stream().map(p -> "\"" + p + "\"").collect(java.util.stream.Collectors.joining(","));
        send(
                service,
                "PUT",
                "/ops/resilience",
                "{\"mode\":\"" + mode + "\",\"off\":[" + names + "]}",
                Duration.ofSeconds(5));
    }

    /**
     * {@code POST /ops/resilience/reset} (breakers closed, limits back to their initial value),
     * where the service has it; false where it does not (older builds).
     */
    public boolean reset(String service) throws IOException, InterruptedException {
        try {
            send(service, "POST", "/ops/resilience/reset", null, Duration.ofSeconds(5));
            return true;
        } catch (HttpStatusException e) {
            if (e.status == 404 || e.status == 405) {
                return false;
            }
            throw e;
        }
    }

    public JsonNode state(String service, Duration timeout) throws IOException, InterruptedException {
        return JSON.readTree(send(service, "GET", "/ops/state", null, timeout));
    }

    public boolean ready(String service) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(base(service).resolve("/q/health/ready"))
                                            .timeout(Duration.ofSeconds(3))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static final class HttpStatusException extends IOException {
        final int status;

        HttpStatusException(String message, int status) {
            super(message);
            this.status = status;
        }
    }

    private String send(String service, String method, String path, String json, Duration timeout)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(base(service).resolve(path))
                .timeout(timeout)
                .header("X-Ops-Token", token);
        builder = json == null
                ? builder.method(method, HttpRequest.BodyPublishers.noBody())
                : builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new HttpStatusException(
                    method + " " + path + " on " + service + " answered " + response.statusCode() + ": "
                            + response.body(),
                    response.statusCode());
        }
        return response.body();
    }
}
