package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Properties;
import java.util.regex.Pattern;
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
 *
 * <p>That alone did not stop it: the next CI run failed the same way, and its stack trace showed
 * an HTTP/2 connection. The JDK client speaks HTTP/2 by default and upgrades plain-text
 * connections (h2c), which the services accept; it neither applies that keep-alive to HTTP/2
 * connections (Java 17) nor sends a GET again when a pooled HTTP/2 connection turns out to be
 * closed, as it does for HTTP/1.1. So every client of the tests speaks HTTP/1.1, like the
 * services' own clients, the load generator and the replay already did.
 */
class ClientKeepAliveTest {

    @Test
    void theTestClientsCloseIdleConnectionsLongBeforeTheServicesDo() throws Exception {
        var root = Shop.root();
        var config = new Properties();
        try (var in = Files.newBufferedReader(
                root.resolve("shop-kit/src/main/resources/META-INF/microprofile-config.properties"))) {
            config.load(in);
        }
        Duration server = Duration.parse("PT" + config.getProperty("quarkus.http.idle-timeout"));
        String client = System.getProperty("jdk.httpclient.keepalive.timeout");

        assertThat(client)
                .as("jdk.httpclient.keepalive.timeout in the system tests' JVM (system-tests/pom.xml, argLine)")
                .isNotNull();
        assertThat(Duration.ofSeconds(Long.parseLong(client)))
                .as("client keep-alive against the services' idle timeout %s", server)
                .isLessThanOrEqualTo(server.dividedBy(3));
    }

    private static final Pattern CLIENT =
            Pattern.compile("HttpClient\\.newHttpClient\\(\\)|HttpClient\\.newBuilder\\(\\)[^;]*;", Pattern.DOTALL);

    @Test
    void everyClientOfTheTestsSpeaksHttp11() throws Exception {
        var root = Shop.root();
        var offenders = new ArrayList<String>();
        try (var files = Files.walk(root.resolve("system-tests/src/test/java"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var m = CLIENT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group().contains("HTTP_1_1")) {
                        offenders.add(root.relativize(file) + ": "
                                + m.group().lines().findFirst().orElse("").strip());
                    }
                }
            }
        }
        assertThat(offenders)
                .as("HTTP clients in the system tests without .version(HttpClient.Version.HTTP_1_1)")
                .isEmpty();
    }
}
