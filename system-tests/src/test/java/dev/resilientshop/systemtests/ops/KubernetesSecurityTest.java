package dev.resilientshop.systemtests.ops;

import static dev.resilientshop.systemtests.ops.KubernetesManifestsTest.container;
import static dev.resilientshop.systemtests.ops.KubernetesManifestsTest.env;
import static dev.resilientshop.systemtests.ops.KubernetesManifestsTest.envEntry;
import static dev.resilientshop.systemtests.ops.KubernetesManifestsTest.kind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.resilientshop.systemtests.security.JvmBudget;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rendered Kubernetes manifests as an attacker inside the cluster meets them (issue 13): a
 * taken-over pod should reach only what its service calls, run without root, capabilities or an
 * API token, hold only its own secrets; and the budgets (connections, memory) must fit.
 */
class KubernetesSecurityTest {

    /** The call graph of docs/api.md: caller → what it calls (the ops page in product-page drives every service). */
    static final Map<String, Set<String>> CALLS = Map.of(
            "product-page",
                    Set.of(
                            "inventory-primary",
                            "inventory-secondary",
                            "pricing",
                            "recommendations",
                            "order",
                            "payment",
                            "fraud-api",
                            "redis"),
            "order", Set.of("pricing", "inventory-primary", "payment", "postgres"),
            "payment", Set.of("fraud-api", "postgres"),
            "pricing", Set.of("postgres", "redis"),
            "recommendations", Set.of("postgres", "redis"),
            "inventory-primary", Set.of("postgres", "redis"),
            "inventory-secondary", Set.of("postgres", "redis"),
            "fraud-api", Set.of());

    @BeforeAll
    static void load() throws Exception {
        KubernetesManifestsTest.load();
    }

    static String app(JsonNode selector) {
        return selector.path("matchLabels").path("app.kubernetes.io/name").asText();
    }

    @Test
    void everythingIsDeniedUnlessAllowedAlongTheCallGraph() {
        var policies = kind("NetworkPolicy");
        assertThat(policies.values().stream()
                        .filter(p -> p.path("spec").path("podSelector").isEmpty()
                                && p.path("spec").path("policyTypes").toString().contains("Ingress")
                                && p.path("spec").path("policyTypes").toString().contains("Egress")
                                && p.path("spec").path("ingress").isMissingNode()
                                && p.path("spec").path("egress").isMissingNode()))
                .as("a default-deny policy for every pod, both directions")
                .isNotEmpty();
        var egress = new TreeSet<String>();
        var ingress = new TreeSet<String>();
        policies.values().forEach(p -> {
            var self = app(p.path("spec").path("podSelector"));
            p.path("spec")
                    .path("egress")
                    .forEach(rule -> rule.path("to").forEach(to -> {
                        if (to.has("podSelector")) {
                            egress.add(self + "->" + app(to.path("podSelector")));
                        }
                    }));
            p.path("spec")
                    .path("ingress")
                    .forEach(rule -> rule.path("from").forEach(from -> {
                        if (from.has("podSelector") && !from.has("namespaceSelector")) {
                            ingress.add(app(from.path("podSelector")) + "->" + self);
                        }
                    }));
        });
        var expected = new TreeSet<String>();
        CALLS.forEach((caller, callees) -> callees.forEach(c -> expected.add(caller + "->" + c)));
        assertThat(egress).as("egress allow-lists").isEqualTo(expected);
        assertThat(ingress).as("ingress allow-lists").isEqualTo(expected);
        // Prometheus scrapes every service, from whatever namespace it runs in.
        KubernetesManifestsTest.services.keySet().forEach(s -> {
            assertThat(policies).as("NetworkPolicy %s", s).containsKey(s);
            assertThat(policies.get(s).path("spec").path("ingress").toString())
                    .as("%s scraped by Prometheus", s)
                    .contains("\"app.kubernetes.io/name\":\"prometheus\"");
        });
    }

    @Test
    void podsRunWithoutRootCapabilitiesApiTokenOrWritableImage() {
        var workloads = new java.util.LinkedHashMap<String, JsonNode>(kind("Deployment"));
        workloads.putAll(kind("StatefulSet"));
        workloads.forEach((name, w) -> {
            var pod = w.path("spec").path("template").path("spec");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true))
                    .as("%s automountServiceAccountToken", name)
                    .isFalse();
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean())
                    .as("%s runAsNonRoot", name)
                    .isTrue();
            assertThat(pod.path("securityContext")
                            .path("seccompProfile")
                            .path("type")
                            .asText())
                    .as("%s seccomp", name)
                    .isEqualTo("RuntimeDefault");
            var c = container(w);
            var sc = c.path("securityContext");
            assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true))
                    .as("%s allowPrivilegeEscalation", name)
                    .isFalse();
            assertThat(sc.path("readOnlyRootFilesystem").asBoolean())
                    .as("%s readOnlyRootFilesystem", name)
                    .isTrue();
            assertThat(sc.path("capabilities").path("drop").toString())
                    .as("%s capabilities", name)
                    .contains("\"ALL\"");
            assertThat(c.path("image").asText()).as("%s image", name).containsPattern(":\\d+(\\.\\d+)+$");
            if (w.path("kind").asText().equals("Deployment")) {
                assertThat(c.path("volumeMounts").toString())
                        .as("%s /tmp", name)
                        .contains("\"mountPath\":\"/tmp\"");
                assertThat(pod.path("volumes").toString())
                        .as("%s /tmp is an emptyDir", name)
                        .contains("emptyDir");
            }
        });
    }

    @Test
    void eachServiceGetsOnlyItsOwnSecrets() {
        var deployments = kind("Deployment");
        deployments.forEach((name, d) -> {
            var c = container(d);
            var db = KubernetesManifestsTest.services.get(name).database();
            var password = envEntry(c, "QUARKUS_DATASOURCE_PASSWORD")
                    .path("valueFrom")
                    .path("secretKeyRef")
                    .path("name")
                    .asText("");
            if (db.equals("-")) {
                assertThat(password).as("%s has no database secret", name).isEmpty();
            } else {
                assertThat(password).as("%s database password", name).startsWith("shop-db-" + db);
                assertThat(env(c, "QUARKUS_DATASOURCE_USERNAME"))
                        .as("%s connects as its own role", name)
                        .isEqualTo(db);
            }
        });
        var fraud = container(deployments.get("fraud-api"));
        for (var var : List.of(
                "SHOP_OPS_TOKEN", "SHOP_SERVICE_CREDENTIAL", "QUARKUS_REDIS_PASSWORD", "QUARKUS_DATASOURCE_PASSWORD")) {
            assertThat(envEntry(fraud, var).isMissingNode())
                    .as("fraud-api (an outside provider's stand-in) gets no %s", var)
                    .isTrue();
        }
        assertThat(container(kind("StatefulSet").get("redis")).path("args").toString())
                .contains("redis.conf");
        // The role passwords (shop-postgres) go to the postgres pod only.
        deployments.forEach((name, d) -> assertThat(d.toString()).as(name).doesNotContain("shop-postgres"));
    }

    @Test
    void connectionPoolsFitPostgresEvenDuringARollout() {
        var args = container(kind("StatefulSet").get("postgres")).path("args").toString();
        int max = setting(args, "max_connections");
        int reserved = setting(args, "superuser_reserved_connections");
        var config = kind("ConfigMap").get("shop-config").path("data");
        int sum = 0;
        for (var e : kind("Deployment").entrySet()) {
            var c = container(e.getValue());
            if (env(c, "QUARKUS_DATASOURCE_JDBC_URL").isEmpty()) {
                continue;
            }
            var own = env(c, "QUARKUS_DATASOURCE_JDBC_MAX_SIZE");
            int pool = Integer.parseInt(
                    own.isEmpty()
                            ? config.path("QUARKUS_DATASOURCE_JDBC_MAX_SIZE").asText("20")
                            : own);
            var spec = e.getValue().path("spec");
            int pods = spec.path("replicas").asInt(1)
                    + spec.path("strategy")
                            .path("rollingUpdate")
                            .path("maxSurge")
                            .asInt(0);
            sum += pods * pool;
        }
        System.out.printf(
                "kubernetes: connection pools at declared replicas + surge sum to %d; max_connections %d - reserved %d = %d%n",
                sum, max, reserved, max - reserved);
        assertThat(sum)
                .as("sum of pools x (replicas + maxSurge), was 10 x 20 = 200")
                .isLessThan(max - reserved);
    }

    @Test
    void theMemoryLimitIsAboveTheJvmsConfiguredMaximum() throws Exception {
        var opts = kind("ConfigMap")
                .get("shop-config")
                .path("data")
                .path("JAVA_OPTS")
                .asText();
        var dockerfile = Files.readString(KubernetesManifestsTest.root.resolve("Dockerfile"));
        assertThat(dockerfile)
                .as("the ConfigMap's JAVA_OPTS are the image's")
                .contains("ENV JAVA_OPTS=\"" + opts + "\"");
        var budget = JvmBudget.of(opts);
        kind("Deployment").forEach((name, d) -> {
            long limit = JvmBudget.limitMib(
                    container(d).path("resources").path("limits").path("memory").asText());
            assertThat(limit)
                    .as("%s memory limit vs %s = %d MiB", name, budget, budget.maxMib())
                    .isGreaterThan(budget.maxMib());
        });
    }

    static int setting(String args, String name) {
        var m = Pattern.compile(name + "=(\\d+)").matcher(args);
        assertThat(m.find()).as("postgres args state %s", name).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
