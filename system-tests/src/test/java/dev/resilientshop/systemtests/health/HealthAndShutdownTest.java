package dev.resilientshop.systemtests.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    static final Path ROOT = Shop.root();
    static final int PORT = 18_999 + Integer.getInteger("shop.port.offset", 10_000) / 1000;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    final List<AutoCloseable> servers = new ArrayList<>();
    Process process;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (var server : servers) {
            server.close();
        }
    }

    private void start(Map<String, String> env) throws Exception {
        var jar = ROOT.resolve("inventory-service/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("inventory-service must be packaged first").exists();
        var log = Files.createTempFile("inventory-health", ".log");
        var pb = new ProcessBuilder("java", "-Xmx192m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .putAll(Map.of(
                        "QUARKUS_HTTP_PORT",
                        String.valueOf(PORT),
                        "SHOP_INSTANCE",
                        "inventory-health-test",
                        "INVENTORY_SNAPSHOT_EVERY",
                        "off"));
        pb.environment().putAll(env);
        process = pb.start();
        long end = System.currentTimeMillis() + 60_000;
        while (status("/q/health/live") != 200) {
            assertThat(process.isAlive())
                    .as("inventory exited: " + Files.readString(log))
                    .isTrue();
            assertThat(System.currentTimeMillis())
                    .as("inventory did not come up: " + Files.readString(log))
                    .isLessThan(end);
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
        // a refused connection fails at once; the hung dependencies below are what the cap is for
        assertThat(tookMs).as("readiness answers within its 3 s cap (seed 002)").isLessThan(3_500);
        assertThat(status("/readyz")).isEqualTo(503);
        // the process is alive and serves what does not need Redis: an orchestrator must not restart it
        assertThat(status("/stock/AUD-0001")).isEqualTo(200);
    }

    /**
     * The dependency that hurts readiness is not the one that refuses (that fails at once) but the
     * one that accepts the connection and never answers: a Redis that hangs. Readiness must still
     * answer within its cap, DOWN and naming Redis, and the rest of the process must not care.
     */
    @Test
    void aHangingRedisFailsReadinessWithinItsCap() throws Exception {
        var redis = silentServer();
        start(Map.of("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:" + redis.port()));

        assertThat(status("/q/health/live")).isEqualTo(200);
        for (int probe = 1; probe <= 2; probe++) { // the second probe comes while the first one's PING still hangs
            var ready = timedReadiness("hanging Redis", probe);
            assertThat(ready.tookMs())
                    .as("readiness answers within its 3 s cap (seed 002), probe " + probe)
                    .isLessThan(3_500);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body()).contains("Redis").containsPattern("\"status\":\\s*\"DOWN\"");
        }
        assertThat(redis.accepted())
                .as("the Redis client did connect: it hung, it was not refused")
                .isPositive();
        assertThat(status("/q/health/live")).isEqualTo(200);
        assertThat(status("/stock/AUD-0001"))
                .as("serves what does not need Redis")
                .isEqualTo(200);
    }

    /**
     * The same for PostgreSQL. The service cannot start without its database (migrations run
     * first), so it starts through a relay to the real one, and the relay then stops passing bytes
     * on: the pooled connections stay open and nothing answers on them.
     */
    @Test
    void aHangingDatabaseFailsReadinessWithinItsCap() throws Exception {
        var relay = relay(5432);
        start(Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + relay.port() + "/inventory"));
        long end = System.currentTimeMillis() + 10_000;
        while (status("/q/health/ready") != 200) {
            assertThat(System.currentTimeMillis())
                    .as("ready through the relay before it freezes")
                    .isLessThan(end);
            Thread.sleep(200);
        }

        relay.freeze();
        for (int probe = 1; probe <= 2; probe++) {
            var ready = timedReadiness("hanging database", probe);
            assertThat(ready.tookMs())
                    .as("readiness answers within its 3 s cap (seed 002), probe " + probe)
                    .isLessThan(3_500);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body()).contains("Database").containsPattern("\"status\":\\s*\"DOWN\"");
        }
        assertThat(status("/q/health/live"))
                .as("a hung database never restarts the process")
                .isEqualTo(200);
    }

    @Test
    void sigtermTakesTheInstanceOutOfRotationBeforeItStops() throws Exception {
        start(Map.of());
        assertThat(status("/q/health/ready")).isEqualTo(200);

        new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid()))
                .start()
                .waitFor();
        // drain window (3 s by default): not ready any more, but still answering what reaches it
        long end = System.currentTimeMillis() + 2_000;
        while (status("/q/health/ready") != 503) {
            assertThat(System.currentTimeMillis())
                    .as("readiness went DOWN on SIGTERM")
                    .isLessThan(end);
            Thread.sleep(50);
        }
        assertThat(get("/q/health/ready").body()).contains("Graceful Shutdown");
        assertThat(status("/stock/AUD-0001"))
                .as("still serving during the drain window")
                .isEqualTo(200);
        assertThat(process.waitFor(40, TimeUnit.SECONDS))
                .as("exits after drain + in-flight grace")
                .isTrue();
    }

    private int status(String path) throws InterruptedException {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    record Timed(int status, String body, long tookMs) {}

    /** One readiness probe, timed; a probe that gets no answer in 30 s is reported as status 0. */
    private Timed timedReadiness(String what, int probe) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Timed timed;
        try {
            var ready = get("/q/health/ready", Duration.ofSeconds(30));
            timed = new Timed(ready.statusCode(), ready.body(), (System.nanoTime() - start) / 1_000_000);
        } catch (HttpTimeoutException e) {
            timed = new Timed(0, "(no answer)", (System.nanoTime() - start) / 1_000_000);
        }
        System.out.printf(
                "%s, readiness probe %d: %d in %d ms: %s%n", what, probe, timed.status(), timed.tookMs(), timed.body());
        return timed;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, Duration.ofSeconds(5));
    }

    private HttpResponse<String> get(String path, Duration timeout) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                        .timeout(timeout)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A server on loopback that accepts every connection, keeps it open and never sends a byte. */
    private Relay silentServer() throws IOException {
        return track(new Relay(-1));
    }

    /** A relay to a local port that passes bytes both ways until {@link Relay#freeze}. */
    private Relay relay(int targetPort) throws IOException {
        return track(new Relay(targetPort));
    }

    private Relay track(Relay relay) {
        servers.add(relay);
        return relay;
    }

    static final class Relay implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new ArrayList<>();
        private final int targetPort;
        private volatile boolean frozen;
        private volatile int accepted;

        Relay(int targetPort) throws IOException {
            this.targetPort = targetPort;
            var acceptor = new Thread(this::accept, "relay-accept-" + port());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted;
        }

        void freeze() {
            frozen = true;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    var client = server.accept();
                    accepted++;
                    synchronized (sockets) {
                        sockets.add(client);
                    }
                    if (targetPort > 0) {
                        var target = new Socket();
                        target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
                        synchronized (sockets) {
                            sockets.add(target);
                        }
                        pump(client.getInputStream(), target.getOutputStream());
                        pump(target.getInputStream(), client.getOutputStream());
                    }
                } catch (IOException e) {
                    // closed at the end of the test, or the target refused: the client sees its socket close
                }
            }
        }

        private void pump(InputStream in, OutputStream out) {
            var thread = new Thread(
                    () -> {
                        var buffer = new byte[8192];
                        try {
                            for (int n; (n = in.read(buffer)) >= 0; ) {
                                while (frozen) { // hold the bytes: the peer waits for an answer that never comes
                                    Thread.sleep(100);
                                }
                                out.write(buffer, 0, n);
                                out.flush();
                            }
                        } catch (IOException | InterruptedException e) {
                            // socket closed at the end of the test
                        }
                    },
                    "relay-pump");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            frozen = false;
            server.close();
            synchronized (sockets) {
                for (var socket : sockets) {
                    socket.close();
                }
            }
        }
    }
}
