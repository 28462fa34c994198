package dev.resilientshop.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real shop, started once per test run with {@code ./shop up} (the same command a person
 * types) on ports + {@code shop.port.offset}, and stopped with {@code ./shop down} when the last
 * test class is done. Test classes opt in with {@code @ExtendWith(Shop.class)} and reach it
 * through {@link #get()}.
 */
public final class Shop implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    public record Result(int exitCode, String output) {}

    private static Shop instance;

    final Path root = root();
    final Path state;
    final int offset;
    final Topology topology;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public Shop() {
        this(
                Path.of(System.getProperty("shop.state.dir", "target/shop-state"))
                        .toAbsolutePath(),
                Integer.parseInt(System.getProperty("shop.port.offset", "10000")));
    }

    /**
     * A shop of its own, for a test that starts and stops it itself (with other options than the
     * shared one's {@code ./shop up}): its own state directory and ports, so it never meets the
     * shared shop of the same run.
     */
    Shop(Path state, int offset) {
        this.state = state.toAbsolutePath();
        this.offset = offset;
        try {
            topology = Topology.load(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The repository's root: {@code -Dshop.root} (the module's pom sets none, so the parent of the
     * system-tests folder Maven runs in). For tests that read the repository without a shop.
     */
    public static Path root() {
        return Path.of(System.getProperty("shop.root", "..")).toAbsolutePath().normalize();
    }

    public static Shop get() {
        return instance;
    }

    /** This shop's state folder ({@code -Dshop.state.dir}): its logs, PIDs and the ops token. */
    public Path state() {
        return state;
    }

    /** What this shop adds to every service's port ({@code -Dshop.port.offset}). */
    public int offset() {
        return offset;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (Shop.class) {
            if (instance == null) {
                var up = run(Duration.ofMinutes(6), "up");
                if (up.exitCode() != 0) {
                    run(Duration.ofMinutes(2), "down"); // leave nothing half-started behind
                    throw new IllegalStateException("./shop up failed:\n" + up.output());
                }
                System.out.println(up.output());
                instance = this;
                // Stopped once, after every test class of the run: the root store closes last.
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("shop", this);
            }
        }
    }

    @Override
    public void close() throws Exception {
        var down = run(Duration.ofMinutes(2), "down");
        System.out.println(down.output());
    }

    /** Runs {@code ./shop <args>} with this run's ports and state dir, and waits for it. */
    public Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        return run(timeout, Map.of(), args);
    }

    /**
     * As {@link #run(Duration, String...)} with extra environment variables, which the launcher
     * passes on to a service it starts (e.g. {@code QUARKUS_SHUTDOWN_TIMEOUT=0S} for one drill run).
     */
    public Result run(Duration timeout, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(root.resolve("shop").toString());
        command.addAll(List.of(args));
        var log = Files.createTempFile("shop-", ".out");
        var pb = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .putAll(Map.of(
                        "SHOP_PORT_OFFSET",
                        String.valueOf(offset),
                        "SHOP_STATE_DIR",
                        state.toString(),
                        // the drills stand in for many clients, each with its own X-Forwarded-For sent from this
                        // machine: only here is 127.0.0.1 a trusted proxy (the product page trusts none by default)
                        "SHOP_RATE_LIMIT_TRUSTED_PROXIES",
                        "127.0.0.1/32,::1/128"));
        pb.environment().putAll(env);
        var process = pb.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("./shop " + String.join(" ", args) + " did not finish in " + timeout + ":\n"
                    + Files.readString(log));
        }
        var output = Files.readString(log);
        Files.deleteIfExists(log);
        return new Result(process.exitValue(), output);
    }

    public int port(String service) {
        return topology.services().get(service).port() + offset;
    }

    public URI url(String service, String path) {
        return URI.create("http://127.0.0.1:" + port(service) + path);
    }

    public HttpResponse<String> get(String service, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(url(service, path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A pid this run's launcher recorded for the service, or -1 when none is recorded. */
    public long pid(String service) throws IOException {
        var file = state.resolve("pids").resolve(service + ".pid");
        return Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : -1;
    }

    /** The ops token this run's launcher generated (X-Ops-Token, and the ops page's login). */
    public String opsToken() throws IOException {
        return Files.readString(state.resolve("ops-token")).strip();
    }

    /** The folder where a test leaves screenshots and other artifacts a person may want to look at. */
    public Path artifacts() throws IOException {
        return Files.createDirectories(root.resolve("system-tests/target/artifacts"));
    }

    public Connection database(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "");
    }
}
