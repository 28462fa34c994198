package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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

    @TempDir
    Path state;

    private Launcher shop() {
        return Launcher.on(state).without("SHOP_TRACING_SAMPLE_RATIO");
    }

    @Test
    void theRatioUpWroteIsEveryServicesParentBasedSampler() throws Exception {
        Files.writeString(state.resolve("tracing"), "0.1\n");
        for (var service : new String[] {"product-page", "order", "payment", "fraud-api"}) {
            assertThat(shop().env(service))
                    .as(service)
                    .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                    .containsEntry("QUARKUS_OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                    .containsEntry("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "0.1");
        }
    }

    @Test
    void aMarkWithoutARatioTracesEveryRequestAndNoMarkTracesNothing() throws Exception {
        Files.writeString(state.resolve("tracing"), ""); // the mark an older launcher left
        assertThat(shop().env("order")).containsEntry("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "1");
        Files.delete(state.resolve("tracing"));
        assertThat(shop().env("order"))
                .doesNotContainKeys(
                        "QUARKUS_OTEL_SDK_DISABLED", "QUARKUS_OTEL_TRACES_SAMPLER", "QUARKUS_OTEL_TRACES_SAMPLER_ARG");
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
        var shop = shop().with("SHOP_PORT_OFFSET", "370").with("PATH", bin + ":" + System.getenv("PATH"));
        for (var bad : new String[] {"10%", "1.5", "-0.1", "abc"}) {
            try {
                var run = shop.with("SHOP_TRACING_SAMPLE_RATIO", bad).run("up", "--with-tracing");
                assertThat(run.exitCode())
                        .as("./shop up --with-tracing with ratio %s: %s", bad, run.output())
                        .isNotZero();
                assertThat(run.output()).contains("SHOP_TRACING_SAMPLE_RATIO").contains(bad);
                assertThat(state.resolve("tracing")).doesNotExist();
            } finally {
                shop.run("down"); // had it started anything, nothing stays
            }
        }
    }
}
