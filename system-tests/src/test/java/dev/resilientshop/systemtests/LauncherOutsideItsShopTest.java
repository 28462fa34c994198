package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./shop kill|stop|chaos} aimed at a shop this launcher did not start (typically one run by
 * docker compose) fails and says why, instead of "pricing is not running" with exit 0 (nothing was
 * killed) or a bare "answered 401". Starts no shop: an empty state directory, and for the 401 a
 * one-endpoint HTTP server on pricing's port (the port offset moves pricing onto it).
 */
class LauncherOutsideItsShopTest {

    @TempDir
    Path state;

    Launcher.Run shop(int offset, String... args) throws Exception {
        return Launcher.on(state)
                .without("SHOP_OPS_TOKEN")
                .with("SHOP_PORT_OFFSET", Integer.toString(offset))
                .run(args);
    }

    @Test
    void killOfAServiceThisLauncherNeverStartedFailsAndNamesDockerCompose() throws Exception {
        var run = shop(0, "kill", "pricing");
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("not started by this launcher", "docker compose kill pricing");
    }

    @Test
    void stopOfAServiceThisLauncherNeverStartedFailsAndNamesDockerCompose() throws Exception {
        var run = shop(0, "stop", "order");
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("not started by this launcher", "docker compose stop order");
    }

    @Test
    void chaosRefusedWithA401SaysWhichTokenIsNeeded() throws Exception {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ops/chaos", exchange -> {
            var body = "{\"title\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            int offset = server.getAddress().getPort() - 8083; // pricing's port in services.conf
            var run = shop(offset, "chaos", "pricing", "latency=100");
            assertThat(run.exitCode()).as(run.output()).isNotZero();
            assertThat(run.output()).contains("401", "ops token", "SHOP_OPS_TOKEN", "docker compose logs init");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void chaosWithNothingAnsweringAndNoShopOfThisLauncherNamesDockerCompose() throws Exception {
        int free;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = socket.getLocalPort(); // closed again: nothing answers there
        }
        var run = shop(free - 8083, "chaos", "pricing", "latency=100");
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("docker compose", "ops page");
    }
}
