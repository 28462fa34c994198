package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The launcher's promises, against the running shop: no twins on a second {@code up}, kill is
 * a crash and start brings a service back, and {@code down} leaves no process behind. Runs last
 * because its final step stops the shop.
 */
@ExtendWith(Shop.class)
@Order(1000)
class LauncherLifecycleTest {

    private final Shop shop = Shop.get();

    @Test
    @Order(0)
    void chaosCommandSlowsAndBreaksAServiceAndOffRestoresIt() throws Exception {
        try {
            var slow = shop.run(
                    Duration.ofSeconds(30), "chaos", "recommendations", "latency=400", "path=/recommendations/.*");
            assertThat(slow.exitCode()).as(slow.output()).isZero();
            assertThat(slow.output()).contains("\"latencyMs\":400");
            long start = System.nanoTime();
            assertThat(shop.get("recommendations", "/recommendations/AUD-0001").statusCode())
                    .isEqualTo(200);
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("400 ms of injected latency")
                    .isGreaterThanOrEqualTo(400);

            assertThat(shop.run(Duration.ofSeconds(30), "chaos", "recommendations", "errors=1")
                            .exitCode())
                    .isZero();
            var failed = shop.get("recommendations", "/recommendations/AUD-0001");
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.headers().firstValue("X-Chaos")).hasValue("chaos: injected error");
            assertThat(shop.get("recommendations", "/q/health/live").statusCode())
                    .as("health is never disturbed")
                    .isEqualTo(200);

            var bad = shop.run(Duration.ofSeconds(30), "chaos", "recommendations", "errors=2");
            assertThat(bad.exitCode()).isNotZero();
            assertThat(bad.output()).contains("422");
        } finally {
            assertThat(shop.run(Duration.ofSeconds(30), "chaos", "recommendations", "off")
                            .exitCode())
                    .isZero();
        }
        assertThat(shop.get("recommendations", "/recommendations/AUD-0001").statusCode())
                .isEqualTo(200);
        assertThat(shop.run(Duration.ofSeconds(30), "chaos", "recommendations", "show")
                        .output())
                .contains("\"active\":false");
    }

    @Test
    @Order(1)
    void aSecondUpSaysTheShopRunsInsteadOfStartingTwins() throws Exception {
        long before = shop.pid("pricing");
        var again = shop.run(Duration.ofSeconds(30), "up");
        assertThat(again.exitCode()).isZero();
        assertThat(again.output()).contains("already running");
        assertThat(shop.pid("pricing")).isEqualTo(before);
    }

    @Test
    @Order(2)
    void killIsACrashAndStartBringsTheServiceBack() throws Exception {
        long old = shop.pid("recommendations");
        assertThat(alive(old)).isTrue();

        var kill = shop.run(Duration.ofSeconds(30), "kill", "recommendations");
        assertThat(kill.output()).contains("recommendations stopped (SIGKILL)");
        assertThat(alive(old)).isFalse();
        assertThat(shop.run(Duration.ofSeconds(30), "status").output())
                .containsPattern("recommendations\\s+\\d+\\s+-\\s+no\\s+no");

        var start = shop.run(Duration.ofMinutes(3), "start", "recommendations");
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(shop.get("recommendations", "/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(shop.pid("recommendations")).isNotEqualTo(old);
    }

    @Test
    @Order(3)
    void stopIsGracefulAndTheReplicaComesBack() throws Exception {
        var stop = shop.run(Duration.ofSeconds(60), "stop", "inventory-secondary");
        // SIGTERM alone: a JVM that hung until the launcher's SIGKILL says "stopped (SIGKILL after SIGTERM)"
        assertThat(stop.output())
                .contains("inventory-secondary stopped (SIGTERM)")
                .doesNotContain("SIGKILL");
        assertThat(listening(shop.port("inventory-secondary"))).isFalse();
        assertThat(shop.run(Duration.ofMinutes(3), "start", "inventory-secondary")
                        .exitCode())
                .isZero();
        assertThat(shop.get("inventory-secondary", "/stock/AUD-0001").headers().firstValue("X-Served-By"))
                .hasValue("inventory-secondary");
    }

    @Test
    @Order(4)
    void downLeavesNoProcessBehind() throws Exception {
        var pids = shop.topology.services().keySet().stream()
                .mapToLong(s -> {
                    try {
                        return shop.pid(s);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toArray();
        assertThat(java.util.Arrays.stream(pids).allMatch(p -> p > 0))
                .as("every service has a pid")
                .isTrue();

        var down = shop.run(Duration.ofMinutes(2), "down");
        assertThat(down.exitCode()).isZero();

        for (long pid : pids) {
            assertThat(alive(pid)).as("pid %d after down", pid).isFalse();
        }
        for (var s : shop.topology.services().keySet()) {
            assertThat(listening(shop.port(s))).as("%s port after down", s).isFalse();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean listening(int port) {
        try (var socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
