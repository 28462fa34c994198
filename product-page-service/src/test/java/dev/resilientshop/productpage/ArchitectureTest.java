package dev.resilientshop.productpage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The product page is packaged by dependency and by page (README, "Code layout"): a reader who
 * asks "where does the page call pricing?" finds the client, its settings and its fallback in
 * {@code pricing/}, and a page package keeps its internals to itself. Before, {@code PricingClient}
 * sat in {@code product/}, {@code InventoryClient} in {@code catalog/} (used by four packages) and
 * fifteen unrelated classes in {@code web/}. Plain JUnit over the compiled classes.
 */
class ArchitectureTest {

    static final String ROOT = "dev.resilientshop.productpage";

    /** One package per protected dependency, named as under {@code shop.dependency.<name>.*}. */
    static final Set<String> DEPENDENCIES = Set.of("inventory", "pricing", "recommendations", "order");

    /** One package per page (or group of pages). */
    static final Set<String> PAGES = Set.of("product", "catalog", "cart", "checkout", "api", "ops");

    /** The only page packages a page package may use: the JSON API mirrors the pages; checkout and
     *  the product page read the cart. Anything else goes through a shared package or not at all. */
    static final Map<String, Set<String>> PAGE_USES_PAGE = Map.of(
            "api", Set.of("cart", "product"),
            "checkout", Set.of("cart"),
            "product", Set.of("cart"));

    /** The public classes of each page package, what others may use; the rest is package-private. */
    static final Map<String, Set<String>> PUBLIC_FACE = Map.of(
            "cart", Set.of("Cart", "CartService", "CartView"),
            "product", Set.of("ProductDetails", "ProductDetailsLoader"),
            "catalog", Set.of(),
            "checkout", Set.of(),
            "api", Set.of(),
            "ops", Set.of());

    /** Types only a dependency's own package needs: its pipeline (built from its settings) and its fallback. */
    static final String[] CALLING_MACHINERY = {
        "dev.resilientshop.kit.resilience.DependencyPipelines",
        "dev.resilientshop.resilience.pipeline.ResiliencePipeline",
        "dev.resilientshop.resilience.fallback.FallbackChain",
        "dev.resilientshop.kit.fallback.RedisSnapshotMirror"
    };

    /**
     * Imported once for the class (a field per test instance imported it for every test), from the
     * module's own class folder: no jars, and library classes known by name only
     * (archunit.properties), so the import takes a fraction of a second instead of scanning the
     * test classpath.
     */
    private static final JavaClasses main = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);

    @Test
    void eachDependencysClientAndRestInterfaceLiveInItsPackage() {
        for (String dependency : DEPENDENCIES) {
            String name = Character.toUpperCase(dependency.charAt(0)) + dependency.substring(1);
            assertThat(main.contain(ROOT + "." + dependency + "." + name + "Client"))
                    .as(name + "Client")
                    .isTrue();
            assertThat(main.contain(ROOT + "." + dependency + "." + name + "Api"))
                    .as(name + "Api")
                    .isTrue();
        }
        // and nowhere else: a class named after a dependency's client or REST interface is in that dependency's package
        var misplaced = main.stream()
                .filter(c -> !c.isNestedClass())
                .filter(c -> DEPENDENCIES.stream()
                        .anyMatch(d -> namedAfter(c, d) && !c.getPackageName().equals(ROOT + "." + d)))
                .map(JavaClass::getName)
                .toList();
        assertThat(misplaced)
                .as("clients and REST interfaces outside their dependency's package")
                .isEmpty();
    }

    @Test
    void onlyADependencysOwnPackageTouchesItsRestInterface() {
        for (String dependency : DEPENDENCIES) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage(ROOT + "." + dependency)
                    .should()
                    .dependOnClassesThat(JavaClass.Predicates.resideInAPackage(ROOT + "." + dependency)
                            .and(JavaClass.Predicates.simpleNameEndingWith("Api")))
                    .check(main);
            classes()
                    .that()
                    .resideInAPackage(ROOT + "." + dependency)
                    .and()
                    .haveSimpleNameEndingWith("Api")
                    .should()
                    .notBePublic()
                    .check(main);
        }
    }

    @Test
    void pipelinesAndFallbacksAreBuiltOnlyInTheDependencyPackages() {
        noClasses()
                .that()
                .resideOutsideOfPackages(packages(DEPENDENCIES))
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName(CALLING_MACHINERY[0])
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(CALLING_MACHINERY[1])
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(CALLING_MACHINERY[2])
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(CALLING_MACHINERY[3])
                .check(main);
    }

    @Test
    void dependencyPackagesKnowNeitherThePagesNorEachOther() {
        for (String dependency : DEPENDENCIES) {
            var others = new TreeSet<>(PAGES);
            DEPENDENCIES.stream().filter(d -> !d.equals(dependency)).forEach(others::add);
            noClasses()
                    .that()
                    .resideInAPackage(ROOT + "." + dependency)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(packages(others))
                    .check(main);
        }
    }

    @Test
    void pagePackagesUseOtherPagesOnlyAsDeclared() {
        for (String page : PAGES) {
            var forbidden = PAGES.stream()
                    .filter(p -> !p.equals(page)
                            && !PAGE_USES_PAGE.getOrDefault(page, Set.of()).contains(p))
                    .map(p -> ROOT + "." + p)
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(ROOT + "." + page)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(forbidden)
                    .check(main);
        }
    }

    @Test
    void pagePackagesShowOnlyTheirPublicFace() {
        var actual = new TreeMap<String, Set<String>>();
        for (String page : PAGES) {
            actual.put(
                    page,
                    main.stream()
                            .filter(c -> c.getPackageName().equals(ROOT + "." + page) && c.isTopLevelClass())
                            .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                            .map(JavaClass::getSimpleName)
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
        var expected = new TreeMap<String, Set<String>>();
        PUBLIC_FACE.forEach((page, names) -> expected.put(page, new TreeSet<>(names)));
        assertThat(actual)
                .as("public classes of each page package (make the rest package-private)")
                .isEqualTo(expected);
    }

    @Test
    void theRulesCanFail() {
        // the JSON API does use the cart and the product page's loader, and the clients do use their pipelines:
        // the checks see real dependencies, so a green run means something
        assertThatThrownBy(() -> noClasses()
                        .that()
                        .resideInAPackage(ROOT + ".api")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(ROOT + ".cart", ROOT + ".product")
                        .check(main))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> noClasses()
                        .should()
                        .dependOnClassesThat()
                        .haveFullyQualifiedName(CALLING_MACHINERY[0])
                        .check(main))
                .isInstanceOf(AssertionError.class);
        assertThat(main.contain(ROOT + ".inventory.InventoryClient")).isTrue();
    }

    private static String[] packages(Set<String> names) {
        return names.stream().map(n -> ROOT + "." + n).toArray(String[]::new);
    }

    private static boolean namedAfter(JavaClass c, String dependency) {
        var simple = c.getSimpleName().toLowerCase(Locale.ROOT);
        return simple.equals(dependency + "client") || simple.equals(dependency + "api");
    }
}
