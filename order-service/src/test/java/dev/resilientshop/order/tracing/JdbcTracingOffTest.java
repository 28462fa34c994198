package dev.resilientshop.order.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.order.checkout.DownstreamStub;
import io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code quarkus.datasource.jdbc.telemetry=true} costs nothing with tracing off (the default):
 * Quarkus wraps the datasource in OpenTelemetry's JDBC instrumentation only when the SDK is on at
 * run time, so every statement goes to Agroal's pool as before, with no span made and dropped.
 */
@QuarkusTest
@QuarkusTestResource(DownstreamStub.class)
class JdbcTracingOffTest {

    @Inject
    DataSource dataSource;

    @Test
    void withTracingOffTheDatasourceIsNotWrapped() {
        assertThat(ClientProxy.unwrap(dataSource)).isNotInstanceOf(OpenTelemetryDataSource.class);
    }
}
