package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./shop chaos | kill | stop | start | status} while the shop runs under docker compose
 * (issue 16): the launcher has no process of its own, finds the compose services running, and
 * works through compose: kill, stop and start become {@code docker compose kill|stop|start}, status
 * is {@code docker compose ps}, and chaos goes through the product page's ops API (the only
 * service compose publishes) with the ops token read from the product page's secrets file.
 *
 * <p>No Docker engine runs here, so a stand-in {@code docker} on the PATH records every call and
 * answers like compose would (services running, the secrets file's token line), and a
 * one-endpoint HTTP server plays the product page's ops API on the port the launcher aims at.
 */
class LauncherUnderComposeTest {

    static final String TOKEN = "5a7e4b0c0ffee0000000000000000000000000000000feed";

    static Path root;

    @TempDir
    Path state;

    @TempDir
    Path bin;

    Path calls;

    @BeforeAll
    static void root() {
        root = Shop.root();
    }

    /**
     * The stand-in: {@code docker compose version} succeeds; {@code ps --services --filter
     * status=running} lists the running services; {@code exec -T product-page grep ...} prints the
     * token line of the product page's secrets file; {@code ps} prints a table; anything else is
     * only recorded.
     */
    @BeforeEach
    void fakeDocker() throws Exception {
        calls = bin.resolve("calls.log");
        var script = """
                #!/usr/bin/env bash
                echo "$*" >> '%s'
                case "$*" in
                  "compose version"*) echo "Docker Compose version v2.29.7" ;;
                  *"ps --services --filter status=running"*) printf 'postgres\\nredis\\nproduct-page\\npricing\\norder\\n' ;;
                  *"exec -T product-page grep"*) echo "SHOP_OPS_TOKEN=%s" ;;
                  *" ps"*) printf 'NAME STATUS\\nshop-pricing-1 running (healthy)\\n' ;;
                esac
                """.formatted(calls, TOKEN);
        var docker = bin.resolve("docker");
        Files.writeString(docker, script);
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
    }

    record Run(int exitCode, String output) {}

    Run shop(int offset, String... args) throws Exception {
        var command = new ArrayList<>(List.of(root.resolve("shop").toString()));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SHOP_STATE_DIR", state.toString());
        pb.environment().put("SHOP_PORT_OFFSET", Integer.toString(offset));
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("SHOP_OPS_TOKEN");
        var process = pb.start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out);
    }

    List<String> dockerCalls() throws Exception {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void killUnderComposeKillsTheComposeService() throws Exception {
        var run = shop(0, "kill", "pricing");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(dockerCalls()).anyMatch(c -> c.startsWith("compose") && c.endsWith(" kill pricing"));
        assertThat(run.output()).contains("docker compose");
    }

    @Test
    void stopAndStartUnderComposeUseTheComposeService() throws Exception {
        var stop = shop(0, "stop", "order");
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        var start = shop(0, "start", "order");
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(dockerCalls())
                .anyMatch(c -> c.startsWith("compose") && c.endsWith(" stop order"))
                .anyMatch(c -> c.startsWith("compose") && c.endsWith(" start order"));
        assertThat(start.output()).doesNotContain("is missing: run ./shop build");
    }

    @Test
    void statusUnderComposeShowsTheComposeServices() throws Exception {
        var run = shop(0, "status");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("docker compose", "shop-pricing-1 running (healthy)");
    }

    @Test
    void chaosUnderComposeGoesThroughTheProductPagesOpsApiWithTheComposeToken() throws Exception {
        var seen = new CopyOnWriteArrayList<String>();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ops/api/services/", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " token="
                            + exchange.getRequestHeaders().getFirst("X-Ops-Token") + " " + body);
            boolean known = TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Ops-Token"));
            var answer =
                    (known ? "{\"latencyMs\":100}" : "{\"title\":\"Unauthorized\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 401, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            int offset = server.getAddress().getPort() - 8080; // the product page's port in services.conf
            var on = shop(offset, "chaos", "pricing", "latency=100");
            assertThat(on.exitCode()).as(on.output()).isZero();
            var off = shop(offset, "chaos", "pricing", "off");
            assertThat(off.exitCode()).as(off.output()).isZero();
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0))
                    .startsWith("PUT /ops/api/services/pricing/chaos token=" + TOKEN)
                    .contains("\"latencyMs\":100");
            assertThat(seen.get(1)).startsWith("DELETE /ops/api/services/pricing/chaos token=" + TOKEN);
            assertThat(on.output()).contains("docker compose");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aComposeServiceThatIsNotRunningIsNotSignalledAndTheMessageSaysHowToStartIt() throws Exception {
        var run = shop(0, "kill", "fraud-api");
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("fraud-api", "not running under docker compose");
        assertThat(dockerCalls()).noneMatch(c -> c.endsWith(" kill fraud-api"));
    }
}
