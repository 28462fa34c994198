package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SHOP_TRACING_SAMPLE_RATIO}: the share of requests {@code ./shop up --with-tracing} keeps
 * (docs/tracing.md, "What tracing costs when on"). Every service gets the same parent-based ratio
 * sampler, so the first service of a request decides and the rest follow its traceparent; a later
 * {@code ./shop start} reads the ratio {@code up} wrote into the state directory's tracing mark.
 * Reads {@code ./shop env}, which starts nothing, on a state directory of its own.
 */
class LauncherTracingSampleTest {

    static Path root;

    @TempDir
    Path state;

    @BeforeAll
    static void root() {
        root = Path.of(System.getProperty("shop.root", "..")).toAbsolutePath().normalize();
    }

    private Run shop(Map<String, String> extra, String... args) throws Exception {
        var command = new ArrayList<String>();
        command.add(root.resolve("shop").toString());
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SHOP_STATE_DIR", state.toString());
        pb.environment().remove("SHOP_TRACING_SAMPLE_RATIO");
        pb.environment().putAll(extra);
        var process = pb.start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("./shop %s: %s", String.join(" ", args), out).isTrue();
        return new Run(process.exitValue(), out);
    }

    private Map<String, String> env(String service) throws Exception {
        var run = shop(Map.of(), "env", service);
        assertThat(run.exit()).as(run.out()).isZero();
        var env = new LinkedHashMap<String, String>();
        run.out().lines().filter(l -> l.contains("="))
                .forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return env;
    }

    record Run(int exit, String out) {
    }

    @Test
    void theRatioUpWroteIsEveryServicesParentBasedSampler() throws Exception {
        Files.writeString(state.resolve("tracing"), "0.1\n");
        for (var service : new String[] {"product-page", "order", "payment", "fraud-api"}) {
            assertThat(env(service)).as(service)
                    .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                    .containsEntry("QUARKUS_OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                    .containsEntry("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "0.1");
        }
    }

    @Test
    void aMarkWithoutARatioTracesEveryRequestAndNoMarkTracesNothing() throws Exception {
        Files.writeString(state.resolve("tracing"), ""); // the mark an older launcher left
        assertThat(env("order")).containsEntry("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "1");
        Files.delete(state.resolve("tracing"));
        assertThat(env("order")).doesNotContainKeys("QUARKUS_OTEL_SDK_DISABLED", "QUARKUS_OTEL_TRACES_SAMPLER",
                "QUARKUS_OTEL_TRACES_SAMPLER_ARG");
    }

    /**
     * On a PATH whose {@code java} and {@code mvn} fail at once, so that a launcher that let the ratio
     * through could not start a shop (or build one) beside the one the other tests use.
     */
    @Test
    void upRefusesARatioThatIsNotAShareBeforeStartingAnything(@TempDir Path bin) throws Exception {
        for (var tool : new String[] {"java", "mvn"}) {
            var fake = bin.resolve(tool);
            Files.writeString(fake, "#!/bin/sh\necho \"not started by this test: $0 $*\" >&2\nexit 1\n");
            assertThat(fake.toFile().setExecutable(true)).isTrue();
        }
        var path = bin + ":" + System.getenv("PATH");
        for (var bad : new String[] {"10%", "1.5", "-0.1", "abc"}) {
            try {
                var run = shop(Map.of("SHOP_TRACING_SAMPLE_RATIO", bad, "SHOP_PORT_OFFSET", "370", "PATH", path), "up", "--with-tracing");
                assertThat(run.exit()).as("./shop up --with-tracing with ratio %s: %s", bad, run.out()).isNotZero();
                assertThat(run.out()).contains("SHOP_TRACING_SAMPLE_RATIO").contains(bad);
                assertThat(state.resolve("tracing")).doesNotExist();
            } finally {
                shop(Map.of("SHOP_PORT_OFFSET", "370", "PATH", path), "down"); // had it started anything, nothing stays
            }
        }
    }
}
