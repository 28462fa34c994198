package dev.resilientshop.systemtests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.systemtests.Shop;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/k8s runs the same shop as services.conf describes, and every Deployment has what a
 * rollout or a node drain needs not to drop requests: health probes, a preStop pause, a grace
 * period longer than pause + drain, resources, a disruption budget. Renders the kustomization
 * with {@code kubectl kustomize} when kubectl is installed, else reads the listed files.
 */
class KubernetesManifestsTest {

    /** Quarkus's drain after SIGTERM (QUARKUS_SHUTDOWN_TIMEOUT in shop-config). */
    static final int DRAIN_SECONDS = 30;

    record Service(String name, String module, int port, String database) {}

    static Path root;
    static Map<String, Service> services;
    static Map<String, String> clients;
    static List<JsonNode> objects;
    static boolean rendered;

    @BeforeAll
    static void load() throws Exception {
        if (objects != null) {
            return; // KubernetesSecurityTest reads the same rendering
        }
        root = Shop.root();
        services = new LinkedHashMap<>();
        clients = new LinkedHashMap<>();
        for (var line : Files.readAllLines(root.resolve("services.conf"))) {
            var f = line.strip().split("\\s+");
            if (f[0].equals("service")) {
                services.put(f[1], new Service(f[1], f[2], Integer.parseInt(f[3]), f[4]));
            } else if (f[0].equals("client")) {
                clients.put(f[1], f[2]);
            }
        }
        var yaml = kubectl().map(KubernetesManifestsTest::render).orElseGet(KubernetesManifestsTest::readFiles);
        objects = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            if (doc != null) {
                objects.add(new ObjectMapper().valueToTree(doc));
            }
        }
    }

    @Test
    void oneDeploymentPerServiceOfServicesConfWithItsImageAndPort() {
        var deployments = kind("Deployment");
        assertThat(deployments.keySet()).containsExactlyInAnyOrderElementsOf(services.keySet());
        services.values().forEach(s -> {
            var pod = deployments.get(s.name()).path("spec").path("template");
            var c = container(deployments.get(s.name()));
            assertThat(c.path("image").asText())
                    .as("%s image", s.name())
                    .isEqualTo("resilient-shop/" + s.module() + ":0.1.0");
            assertThat(c.path("ports").get(0).path("containerPort").asInt())
                    .as("%s containerPort", s.name())
                    .isEqualTo(s.port());
            assertThat(env(c, "QUARKUS_HTTP_PORT"))
                    .as("%s QUARKUS_HTTP_PORT", s.name())
                    .isEqualTo(String.valueOf(s.port()));
            assertThat(env(c, "SHOP_INSTANCE")).isEqualTo(s.name());
            assertThat(env(c, "QUARKUS_DATASOURCE_JDBC_URL"))
                    .as("%s datasource", s.name())
                    .isEqualTo(s.database().equals("-") ? "" : "jdbc:postgresql://postgres:5432/" + s.database());
            var annotations = pod.path("metadata").path("annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText())
                    .as("%s scraped", s.name())
                    .isEqualTo("true");
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(s.port()));
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
        });
    }

    @Test
    void everyDeploymentHasStartupLivenessAndReadinessProbesOnTheHealthEndpoints() {
        kind("Deployment").forEach((name, d) -> {
            var c = container(d);
            assertThat(probePath(c, "readinessProbe")).as("%s readiness", name).isEqualTo("/q/health/ready");
            assertThat(probePath(c, "livenessProbe"))
                    .as("%s liveness (process only, never dependencies)", name)
                    .isEqualTo("/q/health/live");
            assertThat(probePath(c, "startupProbe")).as("%s startup", name).isIn("/q/health/started", "/q/health/live");
            for (var probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                var port = c.path(probe).path("httpGet").path("port");
                assertThat(port.isInt() ? port.asInt() : portByName(c, port.asText()))
                        .as("%s %s port", name, probe)
                        .isEqualTo(services.get(name).port());
            }
            assertThat(c.path("readinessProbe").path("timeoutSeconds").asInt(1))
                    .as("%s readiness timeout (seed 002: 3 s)", name)
                    .isEqualTo(3);
        });
    }

    @Test
    void everyDeploymentPausesBeforeStopAndGivesTheDrainTimeToFinish() {
        kind("Deployment").forEach((name, d) -> {
            var command =
                    container(d).path("lifecycle").path("preStop").path("exec").path("command");
            assertThat(command.toString()).as("%s preStop", name).matches("\\[\"sleep\",\"\\d+\"]");
            int sleep = command.get(1).asInt();
            int grace = d.path("spec")
                    .path("template")
                    .path("spec")
                    .path("terminationGracePeriodSeconds")
                    .asInt(30);
            // 5 s preStop + 30 s drain = 35 s < 40 s grace: SIGKILL only for a process that hangs.
            assertThat(grace)
                    .as("%s terminationGracePeriodSeconds > preStop %d s + drain %d s", name, sleep, DRAIN_SECONDS)
                    .isGreaterThan(sleep + DRAIN_SECONDS);
        });
        var config = kind("ConfigMap").get("shop-config").path("data");
        assertThat(config.path("QUARKUS_SHUTDOWN_TIMEOUT").asText()).isEqualToIgnoringCase(DRAIN_SECONDS + "s");
    }

    @Test
    void everyDeploymentRequestsAndLimitsCpuAndMemory() {
        kind("Deployment").forEach((name, d) -> {
            var resources = container(d).path("resources");
            for (var kind : List.of("requests", "limits")) {
                for (var resource : List.of("cpu", "memory")) {
                    assertThat(resources.path(kind).path(resource).asText())
                            .as("%s %s.%s", name, kind, resource)
                            .isNotEmpty();
                }
            }
        });
    }

    @Test
    void everyDeploymentIsCoveredByADisruptionBudgetThatStillLetsANodeDrain() {
        var budgets = kind("PodDisruptionBudget");
        kind("Deployment").forEach((name, d) -> {
            var labels = d.path("spec").path("template").path("metadata").path("labels");
            var covering =
                    budgets.values().stream().filter(b -> selects(b, labels)).toList();
            assertThat(covering).as("PodDisruptionBudget selecting %s", name).hasSize(1);
            int pods = kind("Deployment").values().stream()
                    .filter(other -> selects(
                            covering.get(0),
                            other.path("spec").path("template").path("metadata").path("labels")))
                    .mapToInt(other -> other.path("spec").path("replicas").asInt(1))
                    .sum();
            // minAvailable equal to the pods it covers would block every drain for ever.
            assertThat(covering.get(0).path("spec").path("minAvailable").asInt())
                    .as("%s budget minAvailable", name)
                    .isLessThan(pods);
        });
    }

    @Test
    void everyDeploymentHasAServiceOnItsPortAndClientUrlsMatchServicesConf() {
        var k8sServices = kind("Service");
        services.values().forEach(s -> {
            var svc = k8sServices.get(s.name());
            assertThat(svc).as("Service %s", s.name()).isNotNull();
            assertThat(svc.path("spec").path("ports").get(0).path("port").asInt())
                    .isEqualTo(s.port());
            assertThat(svc.path("spec")
                            .path("selector")
                            .path("app.kubernetes.io/name")
                            .asText())
                    .isEqualTo(s.name());
        });
        var config = kind("ConfigMap").get("shop-config").path("data");
        clients.forEach((key, target) -> assertThat(
                        config.path("QUARKUS_REST_CLIENT_" + key.toUpperCase().replace('-', '_') + "_URL")
                                .asText())
                .as("client %s", key)
                .isEqualTo("http://" + target + ":" + services.get(target).port()));
    }

    @Test
    void secretsComeFromGeneratedSecretsAndTheKustomizationHoldsNoLiteral() throws Exception {
        var config = kind("ConfigMap").get("shop-config").path("data");
        config.fieldNames()
                .forEachRemaining(k -> assertThat(k)
                        .as("no secret in the ConfigMap")
                        .doesNotContain("PASSWORD", "TOKEN", "CREDENTIAL"));
        kind("Deployment").forEach((name, d) -> {
            for (var var : List.of(
                    "SHOP_OPS_TOKEN",
                    "SHOP_SERVICE_CREDENTIAL",
                    "QUARKUS_DATASOURCE_PASSWORD",
                    "QUARKUS_REDIS_PASSWORD")) {
                var entry = envEntry(container(d), var);
                if (!entry.isMissingNode()) {
                    assertThat(entry.path("value").isMissingNode())
                            .as("%s %s is no literal", name, var)
                            .isTrue();
                    assertThat(entry.path("valueFrom")
                                    .path("secretKeyRef")
                                    .path("name")
                                    .asText())
                            .as("%s %s from a Secret", name, var)
                            .startsWith("shop-");
                }
            }
        });
        var kustomization = Files.readString(root.resolve("deploy/k8s/kustomization.yaml"));
        assertThat(kustomization).doesNotContain("literals", "change-me");
        assertThat(Files.readString(root.resolve(".gitignore"))).contains("deploy/k8s/secrets/");
    }

    @Test
    void postgresAndRedisRunAsStatefulSetsWithTheComposeDatabases() throws Exception {
        assertThat(kind("StatefulSet")).containsKeys("postgres", "redis");
        assertThat(kind("Service")).containsKeys("postgres", "redis");
        assertThat(Files.readString(root.resolve("deploy/k8s/postgres-init.sh")))
                .as("deploy/k8s/postgres-init.sh is a copy of deploy/compose/postgres-init.sh")
                .isEqualTo(Files.readString(root.resolve("deploy/compose/postgres-init.sh")));
        if (rendered) {
            assertThat(objects)
                    .anySatisfy(o ->
                            assertThat(o.path("metadata").path("name").asText()).startsWith("postgres-init"));
        }
    }

    // --- reading the manifests ---

    static Optional<Path> kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            var candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Renders a copy of deploy/k8s after running its generate-secrets.sh there, as a user would
     * before the first apply (the secrets are not in the repository, so kustomize needs them made).
     */
    static String render(Path kubectl) {
        try {
            var copy = Files.createTempDirectory("k8s-render");
            try (var files = Files.walk(root.resolve("deploy/k8s"))) {
                for (var f : (Iterable<Path>) files::iterator) {
                    var rel = root.resolve("deploy/k8s").relativize(f);
                    if (rel.startsWith("secrets")) {
                        continue;
                    }
                    var target = copy.resolve(rel.toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            if (Files.exists(copy.resolve("generate-secrets.sh"))) {
                var generate = new ProcessBuilder(
                                "sh", copy.resolve("generate-secrets.sh").toString())
                        .redirectErrorStream(true)
                        .start();
                var said = new String(generate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(generate.waitFor(1, TimeUnit.MINUTES)).isTrue();
                assertThat(generate.exitValue())
                        .as("generate-secrets.sh: %s", said)
                        .isZero();
            }
            var process = new ProcessBuilder(kubectl.toString(), "kustomize", copy.toString())
                    .directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES))
                    .as("kubectl kustomize finished")
                    .isTrue();
            assertThat(process.exitValue())
                    .as("kubectl kustomize deploy/k8s exit code")
                    .isZero();
            rendered = true;
            try (var files = Files.walk(copy)) { // the generated throwaway secrets go with the copy
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError("kubectl kustomize deploy/k8s failed", e);
        }
    }

    /** Without kubectl: the files kustomization.yaml lists (generated ConfigMap/Secret aside). */
    static String readFiles() {
        try {
            var dir = root.resolve("deploy/k8s");
            Map<String, Object> kustomization = new Yaml().load(Files.readString(dir.resolve("kustomization.yaml")));
            var out = new StringBuilder();
            for (Object resource : (List<?>) kustomization.get("resources")) {
                out.append(Files.readString(dir.resolve(resource.toString()))).append("\n---\n");
            }
            return out.toString();
        } catch (Exception e) {
            throw new AssertionError("reading deploy/k8s", e);
        }
    }

    static Map<String, JsonNode> kind(String kind) {
        var out = new LinkedHashMap<String, JsonNode>();
        objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind))
                .forEach(o -> out.put(o.path("metadata").path("name").asText(), o));
        return out;
    }

    static JsonNode container(JsonNode deployment) {
        var containers = deployment.path("spec").path("template").path("spec").path("containers");
        assertThat(containers.size())
                .as("%s containers", deployment.path("metadata").path("name"))
                .isEqualTo(1);
        return containers.get(0);
    }

    static JsonNode envEntry(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static String env(JsonNode container, String name) {
        return envEntry(container, name).path("value").asText("");
    }

    static String probePath(JsonNode container, String probe) {
        return container.path(probe).path("httpGet").path("path").asText("(no " + probe + ")");
    }

    static int portByName(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        return -1;
    }

    static boolean selects(JsonNode budget, JsonNode podLabels) {
        var match = budget.path("spec").path("selector").path("matchLabels");
        if (match.isEmpty()) {
            return false;
        }
        var it = match.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!podLabels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }
}
