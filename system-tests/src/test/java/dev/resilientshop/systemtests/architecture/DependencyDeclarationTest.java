package dev.resilientshop.systemtests.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A service declares a protected dependency one way (issue 16): its settings under
 * {@code shop.dependency.<name>.*}, its pipeline from shop-kit's {@code DependencyPipelines}. A
 * pipeline built by hand in a service ({@code ResiliencePipeline.builder(}) is how the shop once
 * had three ways to wire resilience, breaker settings under three namespaces and defaults written
 * twice. Plain JUnit, reads files only.
 */
class DependencyDeclarationTest {

    /** What only a pipeline built by hand needs: the library's builder, by its factory or its type. */
    static final List<String> BY_HAND = List.of("ResiliencePipeline.builder(", "PipelineBuilder");

    /** The services that call protected dependencies, each with the names it declares. */
    static final Map<String, Set<String>> DECLARED = Map.of(
            "product-page-service", Set.of("inventory", "pricing", "recommendations", "order"),
            "order-service", Set.of("pricing", "inventory", "payment"),
            "payment-service", Set.of("fraud"));

    /**
     * The JDK client in a service's main code, by import or by name. A call to a dependency made
     * with it gets no client span, no trace context and no client metrics, and maps its answers by
     * hand; the typed REST clients (issue 16) get all of that from Quarkus.
     */
    static final Pattern JDK_CLIENT = Pattern.compile("java\\.net\\.http\\.(HttpClient|\\*)");

    /**
     * Main-code uses of the JDK client that call no dependency, each with why: none of them goes
     * through a resilience pipeline, on purpose.
     */
    static final Map<String, String> NOT_A_DEPENDENCY = Map.of(
            "product-page-service/src/main/java/dev/resilientshop/productpage/inventory/InventoryReplicas.java",
            "the active health check of each inventory replica (/q/health/ready), not a read",
            "product-page-service/src/main/java/dev/resilientshop/productpage/ops/OpsClient.java",
            "the ops page's polls of every service's /ops endpoints; watching must not change what the shop does",
            "product-page-service/src/main/java/dev/resilientshop/productpage/dependency/DependencyWarmUp.java",
            "the start-up warm-up asks the product page itself, over loopback");

    @Test
    void noServiceCallsADependencyWithTheJdkHttpClient() {
        var root = Shop.root();
        List<String> jdk;
        try (Stream<Path> modules = Files.list(root)) {
            jdk = modules.filter(m -> m.getFileName().toString().endsWith("-service")
                            || m.getFileName().toString().equals("fraud-api"))
                    .flatMap(m -> javaFiles(m.resolve("src/main/java")))
                    .filter(f -> JDK_CLIENT.matcher(read(f)).find())
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !NOT_A_DEPENDENCY.containsKey(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(jdk)
                .as("services calling a dependency with java.net.http.HttpClient instead of a typed REST client")
                .isEmpty();
    }

    @Test
    void noServiceBuildsAPipelineByHand() throws IOException {
        var root = Shop.root();
        List<String> byHand;
        try (Stream<Path> modules = Files.list(root)) {
            byHand = modules.filter(m -> m.getFileName().toString().endsWith("-service"))
                    .flatMap(m -> javaFiles(m.resolve("src/main/java")))
                    .filter(f -> BY_HAND.stream().anyMatch(read(f)::contains))
                    .map(f -> root.relativize(f).toString())
                    .sorted()
                    .toList();
        }
        assertThat(byHand)
                .as("services building a pipeline by hand instead of declaring shop.dependency.<name>.*")
                .isEmpty();
    }

    /**
     * Each service that calls dependencies declares them under {@code shop.dependency.<name>.*},
     * and every name it declares is one of its REST clients (the start-up check of shop-kit's
     * {@code DependencyPipelines}, read here from the files so a misspelt name fails the build too).
     */
    @Test
    void everyCallerDeclaresItsDependenciesUnderNamesItHasClientsFor() {
        var root = Shop.root();
        var dependency = Pattern.compile("(?m)^shop\\.dependency\\.([a-z0-9-]+)\\.");
        var client = Pattern.compile("(?m)^quarkus\\.rest-client\\.([a-z0-9-]+)\\.url=");
        DECLARED.forEach((service, expected) -> {
            var properties = read(root.resolve(service).resolve("src/main/resources/application.properties"));
            var declared = new TreeSet<String>();
            dependency.matcher(properties).results().forEach(m -> declared.add(m.group(1)));
            var clients = new TreeSet<String>();
            client.matcher(properties).results().forEach(m -> clients.add(m.group(1)));
            assertThat(declared)
                    .as("%s: names under shop.dependency.*", service)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(clients)
                    .as("%s: REST clients (quarkus.rest-client.<name>.url)", service)
                    .containsAll(declared);
        });
    }

    private static Stream<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
