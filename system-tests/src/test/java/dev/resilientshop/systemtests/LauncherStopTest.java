package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./shop stop} says must be what it did (issue 17 item 1): a service that exits on
 * SIGTERM is reported "stopped (SIGTERM)"; one that does not exit within the grace period is
 * SIGKILLed, and the launcher must say so instead of claiming a graceful stop. No shop is needed:
 * a small JVM stands in for the service, registered in a state folder of the test's own, and the
 * launcher's grace is cut to 2 s.
 */
class LauncherStopTest {

    static final Path ROOT = Shop.root();

    /** A stand-in service: exits on SIGTERM, or (with "hang") runs a shutdown hook that never returns. */
    static final String STAND_IN = """
            public class StandIn {
                public static void main(String[] args) throws Exception {
                    if (args.length > 0 && args[0].equals("hang")) {
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                            try { Thread.sleep(600_000); } catch (InterruptedException e) { }
                        }));
                    }
                    System.out.println("running");
                    System.out.flush();
                    Thread.sleep(600_000);
                }
            }
            """;

    @TempDir
    Path dir;

    final List<Process> started = new ArrayList<>();

    @AfterEach
    void noStandInLeft() throws Exception {
        for (var p : started) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts the stand-in as the launcher would see "recommendations" and registers its pid. */
    private Process standIn(String behaviour) throws Exception {
        var source = dir.resolve("StandIn.java");
        Files.writeString(source, STAND_IN);
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var p = new ProcessBuilder(java, "-Dshop.launcher.name=recommendations", source.toString(), behaviour)
                .redirectErrorStream(true)
                .start();
        started.add(p);
        var line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("the stand-in started").isEqualTo("running");
        Files.createDirectories(dir.resolve("state/pids"));
        Files.writeString(dir.resolve("state/pids/recommendations.pid"), p.pid() + "\n");
        return p;
    }

    private Shop.Result stop() throws Exception {
        var out = dir.resolve("stop.out");
        var pb = new ProcessBuilder(ROOT.resolve("shop").toString(), "stop", "recommendations")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment()
                .putAll(Map.of(
                        "SHOP_STATE_DIR",
                        dir.resolve("state").toString(),
                        "SHOP_STOP_GRACE",
                        "2",
                        "SHOP_PORT_OFFSET",
                        "30000"));
        var process = pb.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("./shop stop finished")
                .isTrue();
        return new Shop.Result(process.exitValue(), Files.readString(out));
    }

    @Test
    void aServiceThatExitsOnSigtermIsReportedAsAGracefulStop() throws Exception {
        var service = standIn("exit");

        var result = stop();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("recommendations stopped (SIGTERM)")
                .doesNotContain("SIGKILL");
        assertThat(service.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(service.exitValue())
                .as("exit status of a JVM ended by SIGTERM")
                .isEqualTo(128 + 15);
    }

    @Test
    void aServiceThatIgnoresSigtermIsReportedAsSigkilled() throws Exception {
        var service = standIn("hang");
        long start = System.nanoTime();

        var result = stop();

        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(service.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(service.exitValue())
                .as("exit status of a process ended by SIGKILL")
                .isEqualTo(128 + 9);
        assertThat(tookMs).as("it waited the 2 s grace before SIGKILL").isGreaterThanOrEqualTo(2_000);
        assertThat(result.output())
                .as("the launcher's report")
                .contains("recommendations did not stop within 2s: SIGKILL")
                .contains("recommendations stopped (SIGKILL after SIGTERM)")
                .doesNotContain("stopped (SIGTERM)");
    }
}
