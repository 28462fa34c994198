package dev.resilientshop.systemtests.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real service process (fraud-api's jar, the smallest) given a secret everybody knows stops at
 * start-up with an error that says which setting and what to do, instead of running with it: the
 * manifests once shipped {@code change-me-ops-token}, and it was accepted. Needs the built jar
 * ({@code ./shop build}); binds 127.0.0.1 on a port no shop uses and never gets as far as serving.
 */
class KnownSecretsRefusedTest {

    static final Path ROOT = Shop.root();

    static String startWith(Map<String, String> env) throws Exception {
        var jar = ROOT.resolve("fraud-api/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("fraud-api is built (./shop build)").exists();
        var pb = new ProcessBuilder("java", "-Xmx96m", "-XX:+UseSerialGC", "-jar", jar.toString())
                .redirectErrorStream(true);
        pb.environment()
                .putAll(Map.of(
                        "QUARKUS_HTTP_HOST", "127.0.0.1", "QUARKUS_HTTP_PORT", "0", "SHOP_INSTANCE", "fraud-api"));
        pb.environment().remove("SHOP_OPS_TOKEN");
        pb.environment().remove("SHOP_SERVICE_CREDENTIAL");
        pb.environment().putAll(env);
        var process = pb.start();
        try {
            var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES))
                    .as("the service stopped by itself")
                    .isTrue();
            assertThat(process.exitValue()).as("exit code; output:%n%s", out).isNotZero();
            return out;
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theOldPlaceholderOpsTokenStopsTheServiceWithAClearError() throws Exception {
        var out = startWith(Map.of("SHOP_OPS_TOKEN", "change-me-ops-token"));
        assertThat(out)
                .contains("shop.ops-token (SHOP_OPS_TOKEN) is the placeholder")
                .contains("refusing to start");
    }

    @Test
    void aServiceCredentialShorterThan32CharactersStopsTheService() throws Exception {
        var out = startWith(Map.of("SHOP_SERVICE_CREDENTIAL", "only-twenty-chars-xx"));
        assertThat(out)
                .contains(
                        "shop.service-credential (SHOP_SERVICE_CREDENTIAL) must be at least 32 characters, but has 20");
    }
}
