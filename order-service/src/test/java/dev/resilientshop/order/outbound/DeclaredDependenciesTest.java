package dev.resilientshop.order.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.kit.resilience.DependencyConfig;
import dev.resilientshop.kit.resilience.DependencyConfigs;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What order-service's application.properties declares for its three dependencies, read as
 * Quarkus reads it outside tests (no profile): seed 003's timeouts, seed 002's bulkheads, retries
 * only where a repeat is safe, and shop-kit's breaker (5 in a row or 50 % of 20, reset 10 s).
 */
class DeclaredDependenciesTest {

    private static DependencyConfigs declared;

    @BeforeAll
    static void read() throws IOException {
        var properties = new Properties();
        try (var in = DeclaredDependenciesTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        var map = new HashMap<String, String>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        declared = DependencyConfigs.of(Map.copyOf(map));
    }

    @Test
    void pricingIsAOneSecondReadTriedThreeTimesBehindABulkheadOf75() {
        var pricing = declared.of("pricing");
        assertThat(pricing.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(pricing.retry().maxAttempts()).isEqualTo(3);
        assertThat(pricing.retry().baseDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(pricing.bulkhead().maxConcurrentCalls()).isEqualTo(75);
        assertThat(pricing.bulkhead().maxWait()).isEqualTo(Duration.ofMillis(500));
        assertTheSharedBreaker(pricing);
    }

    @Test
    void inventoryGetsTwoSecondsThreeAttemptsAndABulkheadOf100() {
        var inventory = declared.of("inventory");
        assertThat(inventory.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(inventory.retry().maxAttempts()).isEqualTo(3);
        assertThat(inventory.retry().baseDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(inventory.bulkhead().maxConcurrentCalls()).isEqualTo(100);
        assertThat(inventory.bulkhead().maxWait()).isEqualTo(Duration.ofMillis(500));
        assertTheSharedBreaker(inventory);
    }

    @Test
    void paymentGetsSeed003sThreeSecondsTwoKeyedAttemptsAndABulkheadOf50ThatDoesNotWait() {
        var payment = declared.of("payment");
        assertThat(payment.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(payment.retry().maxAttempts()).isEqualTo(2);
        assertThat(payment.retry().baseDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(payment.bulkhead().maxConcurrentCalls()).isEqualTo(50);
        assertThat(payment.bulkhead().maxWait()).isZero();
        assertTheSharedBreaker(payment);
    }

    private static void assertTheSharedBreaker(DependencyConfig dependency) {
        assertThat(dependency.reserve()).isZero();
        assertThat(dependency.breaker().consecutiveFailures()).isEqualTo(5);
        assertThat(dependency.breaker().failureRate()).isEqualTo(50);
        assertThat(dependency.breaker().window()).isEqualTo(20);
        assertThat(dependency.breaker().minimumCalls()).isEqualTo(20);
        assertThat(dependency.breaker().resetTimeout()).isEqualTo(Duration.ofSeconds(10));
    }
}
