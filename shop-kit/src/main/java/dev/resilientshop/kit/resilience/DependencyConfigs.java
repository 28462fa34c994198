package dev.resilientshop.kit.resilience;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.Map;

/**
 * Every protected dependency of a service, by name: {@code shop.dependency.<name>.timeout},
 * {@code shop.dependency.<name>.breaker.reset-timeout}, ... ({@link DependencyConfig}). A name
 * without any property gets every default.
 */
@ConfigMapping(prefix = "shop.dependency")
public interface DependencyConfigs {

    /** Every dependency with at least one property, by name; {@code get} of any other name gives the defaults. */
    @WithParentName
    @WithDefaults
    Map<String, DependencyConfig> all();

    /** The settings of {@code dependency}; the defaults when none are written. */
    default DependencyConfig of(String dependency) {
        return all().get(dependency);
    }

    /**
     * The mapping read from {@code properties} alone ({@code "shop.dependency.pricing.timeout" ->
     * "500ms"}; other names and {@code %profile.} names are left alone), as Quarkus would read it
     * without a profile, for code that builds a caller without Quarkus: unit tests, benchmarks.
     */
    static DependencyConfigs of(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(DependencyConfigs.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // "500ms", as Quarkus reads it
                .withSources(new PropertiesConfigSource(properties, "DependencyConfigs.of", 100))
                .build()
                .getConfigMapping(DependencyConfigs.class);
    }
}
