package dev.resilientshop.systemtests.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.systemtests.Shop;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as an attacker on the same network sees it (issue 13). Before: PostgreSQL
 * (superuser, password "shop") and Redis (no password) on every interface, every internal port
 * published (POST :8085/charges/{id}/refund from the LAN), change-me-ops-token in the file.
 * Each test is one of those attacks, read from the file (no Docker engine on the build machines;
 * with Debian's docker-compose installed, {@code docker-compose config -q} must pass too).
 */
class ComposeSecurityTest {

    /** What a person opens in a browser; everything else stays on the compose network. */
    static final Set<String> PUBLISHED = Set.of("product-page", "prometheus", "grafana", "jaeger");

    static final Pattern SECRET_KEY = Pattern.compile(".*(PASSWORD|TOKEN|CREDENTIAL|SECRET).*");

    static Path root;
    static String text;
    static JsonNode compose;

    @BeforeAll
    static void load() throws Exception {
        root = Shop.root();
        text = Files.readString(root.resolve("docker-compose.yml"));
        compose = new ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(text));
    }

    static Iterable<Map.Entry<String, JsonNode>> services() {
        return compose.path("services")::fields;
    }

    @Test
    void noDatabaseCacheOrInternalServiceIsPublishedAndWhatIsIsBoundToLoopback() {
        for (var s : services()) {
            var ports = s.getValue().path("ports");
            if (!PUBLISHED.contains(s.getKey())) {
                assertThat(ports.isMissingNode())
                        .as("%s publishes %s", s.getKey(), ports)
                        .isTrue();
                continue;
            }
            ports.forEach(p -> assertThat(p.asText()).as("%s port", s.getKey()).startsWith("127.0.0.1:"));
        }
    }

    @Test
    void theTraceViewerPublishesItsUiOnlyAndOnlyUnderItsProfile() {
        var jaeger = compose.path("services").path("jaeger");
        assertThat(jaeger.path("profiles").toString()).isEqualTo("[\"tracing\"]");
        // the span intake (Zipkin 9411) stays on the compose network: only the UI is for a person
        assertThat(jaeger.path("ports").toString()).isEqualTo("[\"127.0.0.1:16686:16686\"]");
    }

    @Test
    void theFileHoldsNoSecretOnlyWhereTheInitServiceWroteThem() {
        assertThat(text.toLowerCase())
                .doesNotContain("change-me", "postgres_password:", "${shop_ops_token", "${postgres_password");
        for (var s : services()) {
            s.getValue().path("environment").fields().forEachRemaining(e -> {
                if (SECRET_KEY.matcher(e.getKey()).matches()) {
                    assertThat(e.getValue().asText())
                            .as(
                                    "%s: %s must name a file the init service wrote, not hold a secret",
                                    s.getKey(), e.getKey())
                            .startsWith("/run/shop-secrets/");
                }
            });
        }
        var init = compose.path("services").path("init");
        assertThat(init.path("volumes").toString()).contains("shop-secrets:/run/shop-secrets");
        for (var s : services()) {
            if (!s.getKey().equals("init")
                    && s.getValue().path("volumes").toString().contains("shop-secrets")) {
                assertThat(s.getValue().path("volumes").toString())
                        .as("%s mounts the secrets read-only", s.getKey())
                        .contains("shop-secrets:/run/shop-secrets:ro");
            }
        }
    }

    @Test
    void eachServiceRunsAsItsOwnUserAndGetsOnlyTheSecretsItNeeds() throws Exception {
        // write <service> <uid> <database or -> <service credential> <redis> <ops token>
        Map<String, String[]> writes = new HashMap<>();
        Files.readAllLines(root.resolve("deploy/compose/init-secrets.sh")).stream()
                .filter(l -> l.startsWith("write "))
                .map(l -> l.trim().split("\\s+"))
                .forEach(f -> writes.put(f[1], f));
        assertThat(writes.get("fraud-api"))
                .as("fraud-api: no database, no credential, no Redis, no ops token")
                .containsExactly("write", "fraud-api", "10086", "-", "no", "no", "no");
        assertThat(writes.get("product-page")[3])
                .as("product-page has no database secret")
                .isEqualTo("-");
        Set<String> uids = new java.util.HashSet<>();
        for (var s : services()) {
            var env = s.getValue().path("environment");
            if (!env.has("SHOP_INSTANCE")) {
                continue;
            }
            var file = env.path("SHOP_SECRETS_FILE").asText();
            var owner = file.replaceAll(".*/(.*)\\.env", "$1");
            var w = writes.get(owner);
            assertThat(w)
                    .as("%s reads %s, which init-secrets.sh writes", s.getKey(), file)
                    .isNotNull();
            assertThat(s.getValue().path("user").asText())
                    .as("%s runs as the owner of its secrets file", s.getKey())
                    .isEqualTo(w[2] + ":" + w[2]);
            assertThat(env.path("QUARKUS_DATASOURCE_USERNAME").asText("-"))
                    .as("%s database role", s.getKey())
                    .isEqualTo(w[3]);
            if (s.getKey().startsWith("inventory")) {
                continue; // the two replicas share one role and one file
            }
            assertThat(uids.add(w[2])).as("%s has a uid of its own", s.getKey()).isTrue();
        }
        var redis = compose.path("services").path("redis");
        assertThat(redis.path("command").toString())
                .as("Redis starts from the generated config (requirepass)")
                .contains("/run/shop-secrets/redis/redis.conf");
        assertThat(Files.readString(root.resolve("deploy/compose/init-secrets.sh")))
                .contains("requirepass");
    }

    @Test
    void containersRunAsNonRootReadOnlyWithoutCapabilitiesFromPinnedImages() throws Exception {
        var dockerfile = Files.readString(root.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^USER [1-9][0-9]*");
        dockerfile
                .lines()
                .filter(l -> l.startsWith("FROM "))
                .forEach(l -> assertThat(l)
                        .as("pinned base image")
                        .containsPattern("FROM [^ ]+:[^ ]*\\d+\\.\\d+")
                        .doesNotContain(":latest"));
        for (var s : services()) {
            var svc = s.getValue();
            assertThat(svc.path("image").asText())
                    .as("%s image", s.getKey())
                    .containsPattern(":v?\\d+(\\.\\d+)+")
                    .doesNotContain(":latest");
            if (!svc.path("environment").has("SHOP_INSTANCE")) {
                continue;
            }
            assertThat(svc.path("user").asText())
                    .as("%s user", s.getKey())
                    .doesNotStartWith("0")
                    .isNotEmpty();
            assertThat(svc.path("read_only").asBoolean())
                    .as("%s read_only", s.getKey())
                    .isTrue();
            assertThat(svc.path("cap_drop").toString())
                    .as("%s cap_drop", s.getKey())
                    .contains("ALL");
            assertThat(svc.path("security_opt").toString())
                    .as("%s no-new-privileges", s.getKey())
                    .contains("no-new-privileges:true");
        }
    }

    @Test
    void connectionPoolsFitPostgresMaxConnectionsMinusReservedSlots() {
        var command = compose.path("services").path("postgres").path("command").toString();
        int max = setting(command, "max_connections", 100);
        int reserved = setting(command, "superuser_reserved_connections", 3);
        int sum = 0;
        for (var s : services()) {
            var env = s.getValue().path("environment");
            if (env.has("QUARKUS_DATASOURCE_JDBC_URL")) {
                // 20 is every service's application.properties default: unset, it applies.
                sum += env.path("QUARKUS_DATASOURCE_JDBC_MAX_SIZE").asInt(20);
            }
        }
        System.out.printf(
                "compose: connection pools sum to %d; PostgreSQL max_connections %d - reserved %d = %d%n",
                sum, max, reserved, max - reserved);
        assertThat(sum).as("sum of pools (was 6 x 20 = 120)").isLessThan(max - reserved);
    }

    @Test
    void theMemoryLimitIsAboveTheJvmsConfiguredMaximum() throws Exception {
        var opts = Files.readString(root.resolve("Dockerfile"))
                .lines()
                .filter(l -> l.startsWith("ENV JAVA_OPTS="))
                .findFirst()
                .orElseThrow()
                .replaceAll("ENV JAVA_OPTS=\"(.*)\"", "$1");
        var budget = JvmBudget.of(opts);
        for (var s : services()) {
            if (s.getValue().path("environment").has("SHOP_INSTANCE")) {
                long limit = JvmBudget.limitMib(s.getValue().path("mem_limit").asText("0m"));
                assertThat(limit)
                        .as("%s mem_limit vs JVM max %s = %d MiB", s.getKey(), budget, budget.maxMib())
                        .isGreaterThan(budget.maxMib());
            }
        }
    }

    @Test
    void debiansDockerComposeAcceptsTheFile() throws Exception {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            var bin = Path.of(dir, "docker-compose");
            if (Files.isExecutable(bin)) {
                var p = new ProcessBuilder(bin.toString(), "-f", "docker-compose.yml", "config", "-q")
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .start();
                var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue())
                        .as("docker-compose config -q: %s", out)
                        .isZero();
                return;
            }
        }
    }

    static int setting(String command, String name, int dflt) {
        var m = Pattern.compile(name + "=(\\d+)").matcher(command);
        return m.find() ? Integer.parseInt(m.group(1)) : dflt;
    }
}
