package dev.resilientshop.resilience;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The library is plain Java so it can be read, tested and benchmarked alone: no framework types
 * anywhere, and Micrometer only in the metrics binding.
 */
class ArchitectureTest {

    /**
     * Imported once for the class (a field per test instance imported it for every test), from the
     * module's own class folder: no jars, and library classes known by name only
     * (archunit.properties), so the import takes a fraction of a second instead of scanning the
     * test classpath.
     */
    private static final JavaClasses library = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.resilientshop.resilience");

    @Test
    void noFrameworkTypesAnywhereInTheLibrary() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..", "jakarta..", "javax.inject..", "io.smallrye..", "org.eclipse.microprofile..")
                .check(library);
    }

    @Test
    void micrometerOnlyInsideTheMetricsPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.resilientshop.resilience.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.micrometer..")
                .check(library);
    }

    @Test
    void theRuleCanFail() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> noClasses()
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("io.micrometer..")
                        .check(library))
                .isInstanceOf(AssertionError.class); // the metrics package does use Micrometer: the check sees imports
    }
}
