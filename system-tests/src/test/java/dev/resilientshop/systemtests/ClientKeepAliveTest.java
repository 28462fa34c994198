package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The tests' HTTP clients must drop an idle keep-alive connection well before the shop does.
 *
 * <p>Every service closes a connection that has been idle for {@code quarkus.http.idle-timeout}
 * (30 s). The JDK's {@code HttpClient} keeps idle connections for 1,200 s unless told otherwise,
 * so a drill that reads {@code /ops/state}, runs a 15 s spike on a loaded machine and reads it
 * again can pick a pooled connection in the very moment the server closes it: the request fails
 * with "EOF reached while reading" (LimitRecoveryDrillTest errored that way in one CI run). With
 * the client's keep-alive at a third of the server's, the client always closes first.
 */
class ClientKeepAliveTest {

    @Test
    void theTestClientsCloseIdleConnectionsLongBeforeTheServicesDo() throws Exception {
        var root = Path.of(System.getProperty("shop.root", "..")).toAbsolutePath().normalize();
        var config = new Properties();
        try (var in = Files.newBufferedReader(root.resolve("shop-kit/src/main/resources/META-INF/microprofile-config.properties"))) {
            config.load(in);
        }
        Duration server = Duration.parse("PT" + config.getProperty("quarkus.http.idle-timeout"));
        String client = System.getProperty("jdk.httpclient.keepalive.timeout");

        assertThat(client).as("jdk.httpclient.keepalive.timeout in the system tests' JVM (system-tests/pom.xml, argLine)").isNotNull();
        assertThat(Duration.ofSeconds(Long.parseLong(client))).as("client keep-alive against the services' idle timeout %s", server)
                .isLessThanOrEqualTo(server.dividedBy(3));
    }
}
