package dev.resilientshop.productpage.product;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** As catalog's WarmUp, for pricing and recommendations: one cheap read each at start-up, failures ignored. */
class WarmUp {

    void onStart(@Observes StartupEvent event, @RestClient PricingApi pricing, @RestClient RecommendationsApi recommendations,
            @ConfigProperty(name = "shop.warm-up.enabled", defaultValue = "true") boolean enabled) {
        if (enabled) {
            pricing.price("AUD-0001", null).subscribe().with(ok -> { }, failure -> { });
            recommendations.popular(1, null).subscribe().with(ok -> { }, failure -> { });
        }
    }
}
