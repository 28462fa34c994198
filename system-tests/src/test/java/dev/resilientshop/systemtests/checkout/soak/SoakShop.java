package dev.resilientshop.systemtests.checkout.soak;

import dev.resilientshop.systemtests.Shop;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shop a soak runs against, reached the way a person reaches it: {@code ./shop} with this run's
 * {@code SHOP_PORT_OFFSET} and {@code SHOP_STATE_DIR} (system properties {@code shop.root},
 * {@code shop.port.offset}, {@code shop.state.dir}, as for every system test), the services' HTTP
 * ports, and PostgreSQL. {@code serviceEnv} goes to every {@code ./shop start}: the launcher passes
 * its environment on to the service, which is how the soak shortens order-service's recovery.
 */
final class SoakShop {

    final Shop shop;
    private final Path root = Shop.root();
    private final Path state;
    private final String offset;
    private final Map<String, String> serviceEnv;

    SoakShop(Shop shop, Map<String, String> serviceEnv) {
        this.shop = shop;
        this.state = shop.state();
        this.offset = String.valueOf(shop.offset());
        this.serviceEnv = Map.copyOf(serviceEnv);
    }

    record Result(int exitCode, String output) {}

    /** {@code ./shop <args>}, waited for at most {@code timeout}; never throws for a non-zero exit. */
    Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>(List.of(root.resolve("shop").toString()));
        command.addAll(List.of(args));
        var log = Files.createTempFile("soak-shop-", ".out");
        try {
            var pb = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(serviceEnv);
            pb.environment().put("SHOP_PORT_OFFSET", offset);
            pb.environment().put("SHOP_STATE_DIR", state.toString());
            var process = pb.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "./shop " + String.join(" ", args) + " did not finish in " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(log).strip());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    Path root() {
        return root;
    }

    /** The same shop, with another environment for the services it starts. */
    SoakShop withServiceEnv(Map<String, String> env) {
        return new SoakShop(shop, env);
    }

    /**
     * {@code ./shop start}, judged by readiness: the launcher can see the new pid before it has exec'd
     * java and call it "exited during start-up" (see CrashDrillTest), so a failed start is checked and retried.
     */
    String start(String service, java.io.PrintStream out) throws IOException, InterruptedException {
        for (int attempt = 1; attempt <= 3; attempt++) {
            var started = run(Duration.ofMinutes(3), "start", service);
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < until) {
                if (ready(service)) {
                    return service + " ready (start attempt " + attempt + ")";
                }
                Thread.sleep(250);
            }
            out.printf("soak: %s not ready after ./shop start (attempt %d): %s%n", service, attempt, started.output());
        }
        throw new IllegalStateException(service + " did not come back after three ./shop start");
    }

    boolean ready(String service) {
        try {
            return shop.get(service, "/q/health/ready").statusCode() == 200;
        } catch (IOException down) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    URI url(String service, String path) {
        return shop.url(service, path);
    }

    Connection database(String name) throws SQLException {
        return shop.database(name);
    }
}
