package dev.resilientshop.kit.resilience;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every metric a service exports carries {@code service=<instance>} (product-page,
 * inventory-primary, ...), the label the seed 002 alert rules group by. Prometheus scrapes with
 * {@code honor_labels: true}, so this label is the one the rules see, in compose, locally and
 * in Kubernetes alike.
 */
public class ServiceTag {

    @Produces
    @Singleton
    MeterFilter serviceTag(
            @ConfigProperty(name = "shop.instance", defaultValue = "${quarkus.application.name}") String instance) {
        return MeterFilter.commonTags(List.of(Tag.of("service", instance)));
    }

    /** Histogram buckets for request latency, so dashboards and drills can compute p50/p99 across instances. */
    @Produces
    @Singleton
    MeterFilter requestHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals("http.server.requests") || id.getName().equals("http.client.requests")) {
                    return DistributionStatisticConfig.builder()
                            .percentilesHistogram(true)
                            .minimumExpectedValue(1e6)
                            .maximumExpectedValue(30e9)
                            .build()
                            .merge(config);
                }
                return config;
            }
        };
    }
}
