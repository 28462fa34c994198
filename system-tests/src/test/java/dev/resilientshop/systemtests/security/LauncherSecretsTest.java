package dev.resilientshop.systemtests.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./shop} hands every service (read with {@code ./shop env <service>}, which starts
 * nothing): each binds loopback only, so nobody on the LAN reaches payment's refunds or the ops
 * APIs of a developer's shop, and the generated secrets pass shop-kit's rules (32+ characters, no
 * placeholder) and are readable by their owner only.
 */
class LauncherSecretsTest {

    static final List<String> SERVICES = List.of("fraud-api", "payment", "pricing", "recommendations",
            "inventory-primary", "inventory-secondary", "order", "product-page");

    static Path root;

    @TempDir
    static Path state;

    @BeforeAll
    static void root() {
        root = Path.of(System.getProperty("shop.root", "..")).toAbsolutePath().normalize();
    }

    static Map<String, String> env(String service) throws Exception {
        var pb = new ProcessBuilder(root.resolve("shop").toString(), "env", service).redirectErrorStream(true);
        pb.environment().put("SHOP_STATE_DIR", state.toString());
        pb.environment().remove("SHOP_OPS_TOKEN");
        pb.environment().remove("SHOP_SERVICE_CREDENTIAL");
        pb.environment().remove("SHOP_HTTP_HOST");
        var process = pb.start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("./shop env %s: %s", service, out).isZero();
        var env = new LinkedHashMap<String, String>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return env;
    }

    @Test
    void everyServiceBindsLoopbackOnly() throws Exception {
        for (var service : SERVICES) {
            assertThat(env(service)).as(service).containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1");
        }
    }

    @Test
    void theGeneratedOpsTokenAndServiceCredentialPassShopKitsRules() throws Exception {
        var env = env("order");
        for (var secret : List.of("SHOP_OPS_TOKEN", "SHOP_SERVICE_CREDENTIAL")) {
            assertThat(env.get(secret)).as(secret).isNotNull().hasSizeGreaterThanOrEqualTo(32)
                    .doesNotStartWithIgnoringCase("change-me");
        }
        assertThat(env.get("SHOP_SERVICE_CREDENTIAL")).as("two different secrets").isNotEqualTo(env.get("SHOP_OPS_TOKEN"));
        assertThat(env("payment").get("SHOP_SERVICE_CREDENTIAL")).as("one credential for the whole shop")
                .isEqualTo(env.get("SHOP_SERVICE_CREDENTIAL"));
        for (var file : List.of("ops-token", "service-credential")) {
            assertThat(Files.getPosixFilePermissions(state.resolve(file))).as(file)
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }
}
