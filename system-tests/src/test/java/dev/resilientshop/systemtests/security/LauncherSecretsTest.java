package dev.resilientshop.systemtests.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./shop} hands every service (read with {@code ./shop env <service>}, which starts
 * nothing): each binds loopback only, so nobody on the LAN reaches payment's refunds or the ops
 * APIs of a developer's shop, and the generated secrets pass shop-kit's rules (32+ characters, no
 * placeholder) and are readable by their owner only.
 */
class LauncherSecretsTest {

    static final List<String> SERVICES = List.of(
            "fraud-api",
            "payment",
            "pricing",
            "recommendations",
            "inventory-primary",
            "inventory-secondary",
            "order",
            "product-page");

    @TempDir
    static Path state;

    static Map<String, String> env(String service) throws Exception {
        return Launcher.on(state)
                .without("SHOP_OPS_TOKEN", "SHOP_SERVICE_CREDENTIAL", "SHOP_HTTP_HOST")
                .env(service);
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
            assertThat(env.get(secret))
                    .as(secret)
                    .isNotNull()
                    .hasSizeGreaterThanOrEqualTo(32)
                    .doesNotStartWithIgnoringCase("change-me");
        }
        assertThat(env.get("SHOP_SERVICE_CREDENTIAL"))
                .as("two different secrets")
                .isNotEqualTo(env.get("SHOP_OPS_TOKEN"));
        assertThat(env("payment").get("SHOP_SERVICE_CREDENTIAL"))
                .as("one credential for the whole shop")
                .isEqualTo(env.get("SHOP_SERVICE_CREDENTIAL"));
        for (var file : List.of("ops-token", "service-credential")) {
            assertThat(Files.getPosixFilePermissions(state.resolve(file)))
                    .as(file)
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }
}
