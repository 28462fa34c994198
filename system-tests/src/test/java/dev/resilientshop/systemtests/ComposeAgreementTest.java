package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run on the build machines (no Docker engine), so this keeps it in
 * step with services.conf, which the local launcher and every other system test use: same
 * services, ports, databases and client URLs. If you add a service, this test tells you every
 * place compose must change.
 */
class ComposeAgreementTest {

    static Path root;
    static Topology topology;
    static JsonNode compose;

    @BeforeAll
    static void load() throws Exception {
        root = Shop.root();
        topology = Topology.load(root);
        compose = yaml(root.resolve("docker-compose.yml"));
    }

    /** SnakeYAML, because compose files use merge keys ({@code <<: *env}) that Jackson's YAML reader leaves unresolved. */
    static JsonNode yaml(Path file) throws Exception {
        Object tree = new org.yaml.snakeyaml.Yaml().load(Files.readString(file));
        return new ObjectMapper().valueToTree(tree);
    }

    @Test
    void composeRunsEveryServiceOfTheLauncherOnTheSamePort() {
        for (var s : topology.services().values()) {
            var svc = compose.path("services").path(s.name());
            assertThat(svc.isMissingNode()).as("compose service %s", s.name()).isFalse();
            // Only the product page is published, and on this machine only (security/ComposeSecurityTest).
            if (s.name().equals("product-page")) {
                assertThat(svc.path("ports").get(0).asText())
                        .as("%s ports", s.name())
                        .isEqualTo("127.0.0.1:" + s.port() + ":" + s.port());
            } else {
                assertThat(svc.path("ports").isMissingNode())
                        .as("%s publishes no port", s.name())
                        .isTrue();
            }
            var env = svc.path("environment");
            assertThat(env.path("QUARKUS_HTTP_PORT").asText()).isEqualTo(String.valueOf(s.port()));
            assertThat(env.path("SHOP_INSTANCE").asText()).isEqualTo(s.name());
            assertThat(svc.path("build").path("args").path("MODULE").asText())
                    .as("%s module", s.name())
                    .isEqualTo(s.module());
            assertThat(svc.path("healthcheck").path("test").toString())
                    .as("%s health check", s.name())
                    .contains("localhost:" + s.port() + "/q/health/ready");
        }
    }

    @Test
    void composeGivesEachServiceItsOwnDatabase() throws Exception {
        var init = Files.readString(root.resolve("deploy/compose/postgres-init.sh"));
        var roles = init.lines()
                .filter(l -> l.startsWith("for db in "))
                .findFirst()
                .orElseThrow()
                .replaceAll("for db in (.*); do", "$1")
                .split(" ");
        for (var s : topology.services().values()) {
            var url = compose.path("services")
                    .path(s.name())
                    .path("environment")
                    .path("QUARKUS_DATASOURCE_JDBC_URL")
                    .asText("");
            if (s.hasDatabase()) {
                assertThat(url)
                        .as("%s datasource", s.name())
                        .isEqualTo("jdbc:postgresql://postgres:5432/" + s.database());
                assertThat(roles)
                        .as("postgres-init.sh creates a role and database for %s", s.name())
                        .contains(s.database());
                assertThat(compose.path("services")
                                .path(s.name())
                                .path("environment")
                                .path("QUARKUS_DATASOURCE_USERNAME")
                                .asText())
                        .as("%s connects as its own role", s.name())
                        .isEqualTo(s.database());
            } else {
                assertThat(url).as("%s has no database", s.name()).isEmpty();
            }
        }
    }

    @Test
    void composeClientUrlsPointWhereTheLauncherPointsThem() {
        var services = compose.path("services");
        for (var client : topology.clients().entrySet()) {
            var target = topology.services().get(client.getValue());
            var var = "QUARKUS_REST_CLIENT_" + client.getKey().toUpperCase().replace('-', '_') + "_URL";
            var expected = "http://" + target.name() + ":" + target.port();
            for (var s : topology.services().values()) {
                assertThat(services.path(s.name()).path("environment").path(var).asText())
                        .as("%s in %s", var, s.name())
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void prometheusScrapesEveryService() throws Exception {
        var prom = yaml(root.resolve("prometheus/prometheus.yml"));
        Set<String> targets = new HashSet<>();
        prom.path("scrape_configs")
                .forEach(job -> job.path("static_configs")
                        .forEach(sc -> sc.path("targets").forEach(t -> targets.add(t.asText()))));
        for (var s : topology.services().values()) {
            assertThat(targets).contains(s.name() + ":" + s.port());
        }
    }
}
