package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./shop}, run as a person runs it, on a state directory of the test's own: for the tests of
 * what the launcher says and what it hands the services, which start no shop ({@code ./shop env},
 * or a command that must fail before it starts anything). Never the shared {@link Shop}'s state
 * directory, so a test cannot touch the shop the other tests use. Immutable: {@link #with} and
 * {@link #without} return a launcher that differs in one variable of its environment.
 */
public final class Launcher {

    /** What one command did: its exit code and its output (stdout and stderr together). */
    public record Run(int exitCode, String output) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final Path state;
    private final Map<String, String> set;
    private final Set<String> unset;
    private final Duration timeout;

    private Launcher(Path root, Path state, Map<String, String> set, Set<String> unset, Duration timeout) {
        this.root = root;
        this.state = state;
        this.set = set;
        this.unset = unset;
        this.timeout = timeout;
    }

    /** The {@code shop} script of another folder, with another time limit: for the helper's own test. */
    static Launcher of(Path root, Path state, Duration timeout) {
        return new Launcher(root, state.toAbsolutePath(), Map.of(), Set.of(), timeout);
    }

    /** The repository's {@code ./shop} (system property {@code shop.root}) with {@code SHOP_STATE_DIR} set to {@code state}. */
    public static Launcher on(Path state) {
        var root = Shop.root();
        return new Launcher(root, state.toAbsolutePath(), Map.of(), Set.of(), TIMEOUT);
    }

    /** The same launcher with {@code name=value} in its environment. */
    public Launcher with(String name, String value) {
        var more = new LinkedHashMap<>(set);
        more.put(name, value);
        var less = new LinkedHashSet<>(unset);
        less.remove(name);
        return new Launcher(root, state, Map.copyOf(more), Set.copyOf(less), timeout);
    }

    /** The same launcher without these variables, which the test run's own environment may set. */
    public Launcher without(String... names) {
        var more = new LinkedHashMap<>(set);
        var less = new LinkedHashSet<>(unset);
        for (var name : names) {
            more.remove(name);
            less.add(name);
        }
        return new Launcher(root, state, Map.copyOf(more), Set.copyOf(less), timeout);
    }

    /** Runs {@code ./shop args...}; fails the test (and kills it) if it has not ended within a minute. */
    public Run run(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(root.resolve("shop").toString());
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(set);
        pb.environment().put("SHOP_STATE_DIR", state.toString());
        // into a file, not a pipe: a command that hangs must fail the test after the timeout, not
        // block a read of its output forever
        var output = Files.createTempFile("shop-launcher-", ".out");
        try {
            pb.redirectOutput(output.toFile());
            var process = pb.start();
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            var out = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(ended)
                    .as("./shop %s ended within %s: %s", String.join(" ", args), timeout, out)
                    .isTrue();
            return new Run(process.exitValue(), out);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** {@code ./shop env SERVICE} (it starts nothing), which must succeed, as a map of variable to value. */
    public Map<String, String> env(String service) throws IOException, InterruptedException {
        var run = run("env", service);
        assertThat(run.exitCode())
                .as("./shop env %s: %s", service, run.output())
                .isZero();
        var env = new LinkedHashMap<String, String>();
        run.output()
                .lines()
                .filter(l -> l.contains("="))
                .forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return env;
    }
}
