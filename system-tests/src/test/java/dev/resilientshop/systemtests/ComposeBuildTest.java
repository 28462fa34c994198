package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * How {@code docker compose up --build} builds the images (issue 16). Before, the Dockerfile's
 * build stage took {@code ARG MODULE} and ran {@code mvn -pl $MODULE -am package} on an empty
 * Maven repository: eight builds, each downloading the Quarkus dependency tree and compiling the
 * library again. Now one build stage, identical for every service, builds all of them once;
 * its dependency step hangs on the poms only, and the Maven repository is a BuildKit cache.
 * The image cannot be built on the build machines (no Docker engine), so this reads the files.
 */
class ComposeBuildTest {

    static final Pattern MODULE_ARG = Pattern.compile("\\bMODULE\\b");

    static Path root;
    static JsonNode compose;
    static List<Stage> stages;

    record Instruction(String keyword, String args) {
        boolean isMavenRun() {
            return keyword.equals("RUN") && args.matches("(?s).*\\bmvn\\b.*");
        }

        /** COPY's sources: every word but the options and the last (the destination). */
        List<String> sources() {
            var words = new ArrayList<>(List.of(args.trim().split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            return words.subList(0, words.size() - 1);
        }

        String destination() {
            var words = args.trim().split("\\s+");
            return words[words.length - 1];
        }
    }

    record Stage(String from, List<Instruction> instructions) {
        String text() {
            return from + "\n"
                    + instructions.stream()
                            .map(i -> i.keyword() + " " + i.args())
                            .collect(Collectors.joining("\n"));
        }

        boolean isNamed(String name) {
            return from.matches("(?i).*\\sAS\\s+" + name + "\\s*");
        }
    }

    @BeforeAll
    static void load() throws Exception {
        root = Shop.root();
        compose = ComposeAgreementTest.yaml(root.resolve("docker-compose.yml"));
        stages = parse(Files.readString(root.resolve("Dockerfile")));
    }

    /** Dockerfile instructions by stage: comment lines dropped, continued lines joined. */
    static List<Stage> parse(String dockerfile) {
        var joined = new ArrayList<String>();
        var current = new StringBuilder();
        for (var line : dockerfile.lines().toList()) {
            var t = line.strip();
            if (t.startsWith("#") || (t.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            joined.add(current.append(t).toString());
            current.setLength(0);
        }
        var result = new ArrayList<Stage>();
        for (var line : joined) {
            var keyword = line.split("\\s+", 2)[0].toUpperCase();
            var args = line.substring(keyword.length()).trim();
            if (keyword.equals("FROM")) {
                result.add(new Stage(line, new ArrayList<>()));
            } else if (!result.isEmpty()) {
                result.get(result.size() - 1).instructions().add(new Instruction(keyword, args));
            }
        }
        return result;
    }

    static Stage buildStage() {
        var build = stages.stream().filter(s -> s.isNamed("build")).toList();
        assertThat(build)
                .as(
                        "exactly one stage named build, got: %s",
                        stages.stream().map(Stage::from).toList())
                .hasSize(1);
        return build.get(0);
    }

    static Stage runtimeStage() {
        return stages.get(stages.size() - 1);
    }

    /** The modules compose builds images of (build args MODULE). */
    static Set<String> composeModules() {
        var modules = new TreeSet<String>();
        compose.path("services").forEach(s -> {
            var m = s.path("build").path("args").path("MODULE");
            if (!m.isMissingNode()) {
                modules.add(m.asText());
            }
        });
        return modules;
    }

    /** The modules of the root pom, profiles' included: Maven reads each of their poms. */
    static Set<String> reactorModules() throws Exception {
        var doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(root.resolve("pom.xml").toFile());
        var modules = new TreeSet<String>();
        var nodes = doc.getElementsByTagName("module");
        for (int i = 0; i < nodes.getLength(); i++) {
            modules.add(nodes.item(i).getTextContent().trim());
        }
        return modules;
    }

    /** What {@code -am} adds to {@code modules}: their dev.resilientshop dependencies, any scope, transitively. */
    static Set<String> withTheirReactorDependencies(Set<String> modules) throws Exception {
        var reactor = reactorModules();
        var all = new TreeSet<String>();
        var todo = new ArrayDeque<>(modules);
        while (!todo.isEmpty()) {
            var m = todo.pop();
            if (!all.add(m)) {
                continue;
            }
            var doc = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(root.resolve(m).resolve("pom.xml").toFile());
            var deps = doc.getElementsByTagName("dependency");
            for (int i = 0; i < deps.getLength(); i++) {
                var d = (Element) deps.item(i);
                var group = d.getElementsByTagName("groupId")
                        .item(0)
                        .getTextContent()
                        .trim();
                var artifact = d.getElementsByTagName("artifactId")
                        .item(0)
                        .getTextContent()
                        .trim();
                if (group.equals("dev.resilientshop") && reactor.contains(artifact)) {
                    todo.push(artifact);
                }
            }
        }
        return all;
    }

    @Test
    void theDockerfileAsksForBuildKit() throws Exception {
        // RUN --mount and COPY --chmod need BuildKit's Dockerfile frontend; the legacy builder rejects them.
        assertThat(Files.readString(root.resolve("Dockerfile"))
                        .lines()
                        .findFirst()
                        .orElse(""))
                .isEqualTo("# syntax=docker/dockerfile:1");
    }

    @Test
    void oneBuildStageSharedByEveryServiceAndOnlyTheRuntimeStageTakesTheModule() {
        assertThat(stages).as("a build stage and the runtime stage").hasSize(2);
        var build = buildStage();
        // An ARG MODULE (or any use of it) would make the stage's cache key differ per service.
        assertThat(build.text())
                .as("the build stage is the same for every service")
                .doesNotContainPattern(MODULE_ARG);
        var runtime = runtimeStage();
        assertThat(runtime.isNamed("build")).isFalse();
        assertThat(runtime.instructions())
                .as("the runtime stage takes the module")
                .contains(new Instruction("ARG", "MODULE"));
        assertThat(runtime.instructions().stream()
                        .filter(i -> i.keyword().equals("COPY") && i.args().contains("--from=build")))
                .as("the runtime stage copies the module's Quarkus app from the shared build")
                .extracting(Instruction::args)
                .singleElement()
                .asString()
                .contains("/src/${MODULE}/target/quarkus-app/");
    }

    @Test
    void theBuildStageCopiesEveryPomThenResolvesDependenciesThenCopiesTheSources() throws Exception {
        var build = buildStage().instructions();
        var expectedPoms = new TreeSet<String>();
        expectedPoms.add("pom.xml");
        reactorModules().forEach(m -> expectedPoms.add(m + "/pom.xml"));

        int lastPom = -1;
        int firstSource = Integer.MAX_VALUE;
        var copiedPoms = new TreeSet<String>();
        for (int i = 0; i < build.size(); i++) {
            var ins = build.get(i);
            if (!ins.keyword().equals("COPY") && !ins.keyword().equals("ADD")) {
                continue;
            }
            var sources = ins.sources();
            if (sources.stream().allMatch(s -> s.endsWith("pom.xml"))) {
                for (var s : sources) {
                    var dir = s.contains("/") ? s.substring(0, s.lastIndexOf('/') + 1) : "./";
                    assertThat(ins.destination())
                            .as("%s keeps the reactor layout", s)
                            .isIn(dir, dir.equals("./") ? "." : dir);
                    copiedPoms.add(s);
                }
                lastPom = i;
            } else {
                firstSource = Math.min(firstSource, i);
            }
        }
        assertThat(copiedPoms)
                .as("every pom of the reactor, before the sources")
                .containsAll(expectedPoms);
        assertThat(lastPom).as("the poms are copied before any source").isLessThan(firstSource);
        final int pomsDone = lastPom;
        final int sourcesStart = firstSource;
        var resolve = build.subList(pomsDone + 1, Math.min(sourcesStart, build.size())).stream()
                .filter(Instruction::isMavenRun)
                .toList();
        assertThat(resolve)
                .as(
                        "a Maven run between the poms and the sources resolves the dependencies (a layer that changes only with a pom)")
                .isNotEmpty();
        assertThat(build.subList(Math.min(sourcesStart, build.size()), build.size()).stream()
                        .filter(Instruction::isMavenRun))
                .as("a Maven run after the sources packages the services")
                .isNotEmpty();
    }

    @Test
    void theBuildStagePackagesEveryComposeModuleOnceWithWhatItNeeds() throws Exception {
        var build = buildStage().instructions();
        var modules = composeModules();
        var needed = withTheirReactorDependencies(modules);
        var copiedSources = build.stream()
                .filter(i -> i.keyword().equals("COPY"))
                .flatMap(i -> i.sources().stream())
                .collect(Collectors.toSet());
        for (var m : needed) {
            assertThat(copiedSources)
                    .as("the build stage copies %s's sources (compose builds it or -am needs it)", m)
                    .contains(m + "/src");
        }
        var runs = build.stream().filter(Instruction::isMavenRun).toList();
        var packageRun = runs.get(runs.size() - 1).args();
        assertThat(packageRun)
                .as("the last Maven run")
                .contains("package")
                .contains("-DskipTests")
                .contains(" -am");
        var pl = Pattern.compile("-pl\\s+\"?([\\w,-]+)\"?").matcher(packageRun);
        assertThat(pl.find()).as("-pl in %s", packageRun).isTrue();
        assertThat(new TreeSet<>(List.of(pl.group(1).split(","))))
                .as("the modules the last Maven run packages")
                .isEqualTo(modules);
        for (var run : runs) {
            assertThat(run.args())
                    .as("every module in one run, and once for all services")
                    .doesNotContainPattern(MODULE_ARG);
        }
    }

    @Test
    void theMavenRepositoryIsABuildKitCacheMount() {
        var runs = buildStage().instructions().stream()
                .filter(Instruction::isMavenRun)
                .toList();
        assertThat(runs).isNotEmpty();
        for (var run : runs) {
            assertThat(run.args())
                    .as("Maven run")
                    .contains("--mount=type=cache,target=/var/cache/maven", "-Dmaven.repo.local=/var/cache/maven");
        }
    }

    @Test
    void theRuntimeStageInstallsNoPackages() {
        var text = runtimeStage().text();
        for (var tool : List.of("apt-get", "apt ", "apk ", "yum ", "dnf ", "microdnf", "curl", "wget")) {
            assertThat(text).as("the runtime stage, the JRE image as it is").doesNotContain(tool);
        }
    }

    @Test
    void everyComposeHealthCheckWorksWithoutCurl() {
        var runtime = runtimeStage().instructions();
        compose.path("services").fields().forEachRemaining(e -> {
            var test = e.getValue().path("healthcheck").path("test");
            if (test.isMissingNode()) {
                return;
            }
            assertThat(test.toString())
                    .as("%s health check", e.getKey())
                    .doesNotContain("curl")
                    .doesNotContain("wget");
            if (e.getValue().has("build")) {
                // The image's own probe: a file the runtime stage copies in, run without a shell in between.
                assertThat(test.get(0).asText())
                        .as("%s health check form", e.getKey())
                        .isEqualTo("CMD");
                var command = test.get(1).asText();
                assertThat(runtime.stream()
                                .filter(i -> i.keyword().equals("COPY"))
                                .anyMatch(i -> i.destination().equals(command)
                                        || (i.destination() + "/")
                                                .replace("//", "/")
                                                .equals(command)))
                        .as("%s: the runtime stage puts %s in the image", e.getKey(), command)
                        .isTrue();
            }
        });
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndGit() throws Exception {
        var ignore = Files.readAllLines(root.resolve(".dockerignore"));
        assertThat(ignore).contains("**/target/", ".git/");
    }

    // The health check itself, run the way Docker runs it, against a server that answers like Quarkus.

    static final Path HEALTHCHECK = Path.of("deploy/compose/healthcheck.sh");

    static int healthcheck(String url, StringBuilder out) throws Exception {
        var p = new ProcessBuilder("bash", root.resolve(HEALTHCHECK).toString(), url)
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS))
                .as("the health check ends on its own")
                .isTrue();
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return p.exitValue();
    }

    static HttpServer server(int status, String body) throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q/health/ready", x -> {
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, bytes.length);
            x.getResponseBody().write(bytes);
            x.close();
        });
        server.start();
        return server;
    }

    @Test
    void theHealthCheckPassesOnReadyAndPrintsTheAnswer() throws Exception {
        var server = server(200, "{\"status\": \"UP\"}");
        try {
            var out = new StringBuilder();
            int exit = healthcheck("http://localhost:" + server.getAddress().getPort() + "/q/health/ready", out);
            assertThat(exit).as("exit status; output: %s", out).isZero();
            assertThat(out).as("the answer, for docker inspect").contains("200").contains("\"status\": \"UP\"");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theHealthCheckFailsOnNotReadyAndOnNoServer() throws Exception {
        var server = server(503, "{\"status\": \"DOWN\"}");
        try {
            var out = new StringBuilder();
            assertThat(healthcheck("http://localhost:" + server.getAddress().getPort() + "/q/health/ready", out))
                    .as("503; output: %s", out)
                    .isNotZero();
            assertThat(out).contains("DOWN");
        } finally {
            server.stop(0);
        }
        int closed;
        try (var s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(healthcheck("http://localhost:" + closed + "/q/health/ready", new StringBuilder()))
                .as("nothing listening")
                .isNotZero();
    }
}
