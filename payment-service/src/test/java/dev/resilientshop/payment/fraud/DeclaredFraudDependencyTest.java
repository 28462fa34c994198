package dev.resilientshop.payment.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.kit.resilience.DependencyConfigs;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What payment-service's application.properties declares for the fraud provider, read as Quarkus
 * reads it outside tests (no profile): 2 s per call with 300 ms kept back to record the charge,
 * one attempt, a bulkhead of 20, and shop-kit's breaker (5 in a row, reset 10 s).
 */
class DeclaredFraudDependencyTest {

    @Test
    void theFraudCallGetsTwoSecondsOneAttemptAndABulkheadOf20() throws IOException {
        var properties = new Properties();
        try (var in = DeclaredFraudDependencyTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        var map = new HashMap<String, String>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        var fraud = DependencyConfigs.of(Map.copyOf(map)).of("fraud");

        assertThat(fraud.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fraud.reserve()).isEqualTo(Duration.ofMillis(300));
        assertThat(fraud.retry().maxAttempts()).isEqualTo(1);
        assertThat(fraud.bulkhead().maxConcurrentCalls()).isEqualTo(20);
        assertThat(fraud.bulkhead().maxWait()).isZero();
        assertThat(fraud.breaker().consecutiveFailures()).isEqualTo(5);
        assertThat(fraud.breaker().window()).isEqualTo(20);
        assertThat(fraud.breaker().minimumCalls()).isEqualTo(20);
        assertThat(fraud.breaker().resetTimeout()).isEqualTo(Duration.ofSeconds(10));
    }
}
