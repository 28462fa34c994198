package dev.resilientshop.systemtests.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeds 001 and 002's health and shutdown checklist, on one real inventory-service process
 * (started from its built jar, not the whole shop): liveness never looks at dependencies,
 * readiness does and says which one is missing within its 3 s cap, and SIGTERM first takes the
 * instance out of rotation (readiness DOWN) while it still serves, then it exits.
 */
class HealthAndShutdownTest {

    static final Path ROOT = Path.of(System.getProperty("shop.root", "..")).toAbsolutePath().normalize();
    static final int PORT = 18_999 + Integer.getInteger("shop.port.offset", 10_000) / 1000;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Process process;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void start(Map<String, String> env) throws Exception {
        var jar = ROOT.resolve("inventory-service/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("inventory-service must be packaged first").exists();
        var log = Files.createTempFile("inventory-health", ".log");
        var pb = new ProcessBuilder("java", "-Xmx192m", "-jar", jar.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("QUARKUS_HTTP_PORT", String.valueOf(PORT), "SHOP_INSTANCE", "inventory-health-test",
                "INVENTORY_SNAPSHOT_EVERY", "off"));
        pb.environment().putAll(env);
        process = pb.start();
        long end = System.currentTimeMillis() + 60_000;
        while (status("/q/health/live") != 200) {
            assertThat(process.isAlive()).as("inventory exited: " + Files.readString(log)).isTrue();
            assertThat(System.currentTimeMillis()).as("inventory did not come up: " + Files.readString(log)).isLessThan(end);
            Thread.sleep(200);
        }
    }

    @Test
    void aMissingDependencyFailsReadinessByNameButNeverLiveness() throws Exception {
        start(Map.of("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:1", "QUARKUS_REDIS_TIMEOUT", "2S"));

        assertThat(status("/q/health/live")).isEqualTo(200);
        assertThat(status("/healthz/live")).isEqualTo(200);
        long start = System.nanoTime();
        var ready = get("/q/health/ready");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("Redis").containsPattern("\"status\":\\s*\"DOWN\"");
        assertThat(ready.body()).contains("Database connections health check");
        assertThat(tookMs).as("readiness answers within its 3 s cap (seed 002)").isLessThan(3_500);
        assertThat(status("/readyz")).isEqualTo(503);
        // the process is alive and serves what does not need Redis: an orchestrator must not restart it
        assertThat(status("/stock/AUD-0001")).isEqualTo(200);
    }

    @Test
    void sigtermTakesTheInstanceOutOfRotationBeforeItStops() throws Exception {
        start(Map.of());
        assertThat(status("/q/health/ready")).isEqualTo(200);

        new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor();
        // drain window (3 s by default): not ready any more, but still answering what reaches it
        long end = System.currentTimeMillis() + 2_000;
        while (status("/q/health/ready") != 503) {
            assertThat(System.currentTimeMillis()).as("readiness went DOWN on SIGTERM").isLessThan(end);
            Thread.sleep(50);
        }
        assertThat(get("/q/health/ready").body()).contains("Graceful Shutdown");
        assertThat(status("/stock/AUD-0001")).as("still serving during the drain window").isEqualTo(200);
        assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("exits after drain + in-flight grace").isTrue();
    }

    private int status(String path) throws InterruptedException {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
