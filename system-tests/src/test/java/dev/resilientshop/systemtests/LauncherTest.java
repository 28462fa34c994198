package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test helper {@link Launcher}, against a stand-in {@code shop} script in a folder of the test's
 * own (so nothing here runs the real launcher): what it hands the command, and what it does with
 * a command that never ends.
 */
class LauncherTest {

    @TempDir
    Path root;

    @TempDir
    Path state;

    private void script(String body) throws Exception {
        var shop = root.resolve("shop");
        Files.writeString(shop, "#!/bin/sh\n" + body + "\n");
        assertThat(shop.toFile().setExecutable(true)).isTrue();
    }

    @Test
    void theCommandGetsItsArgumentsTheStateDirectoryAndOnlyTheVariablesAsked() throws Exception {
        script(
                "echo \"args=$*\"; echo \"SHOP_STATE_DIR=$SHOP_STATE_DIR\"; echo \"A=${A-unset}\"; echo \"HOME=${HOME-unset}\"; exit 3");
        var launcher =
                Launcher.of(root, state, Duration.ofSeconds(30)).with("A", "1").without("HOME");

        var run = launcher.run("env", "order");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.output().lines())
                .containsExactly("args=env order", "SHOP_STATE_DIR=" + state.toAbsolutePath(), "A=1", "HOME=unset");
        assertThat(launcher.without("A").run().output()).contains("A=unset");
    }

    @Test
    void envParsesTheVariablesAndFailsOnANonZeroExit() throws Exception {
        script("[ \"$2\" = order ] || { echo \"no such service\"; exit 1; }; echo 'X=a=b'; echo 'not a variable'");
        var launcher = Launcher.of(root, state, Duration.ofSeconds(30));

        assertThat(launcher.env("order")).containsExactly(java.util.Map.entry("X", "a=b"));
        assertThatThrownBy(() -> launcher.env("nobody"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no such service");
    }

    @Test
    void aCommandThatHangsFailsTheTestWithWhatItPrintedAndIsKilled() throws Exception {
        var pid = state.resolve("pid");
        script("echo $$ > '" + pid + "'; echo 'started, now hanging'; exec sleep 60");
        var launcher = Launcher.of(root, state, Duration.ofSeconds(1));

        long start = System.nanoTime();
        assertThatThrownBy(() -> launcher.run("up"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("./shop up ended within PT1S")
                .hasMessageContaining("started, now hanging");

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("failed at the time limit, before the command's own 60 s")
                .isLessThan(Duration.ofSeconds(50));
        var hung = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()));
        assertThat(hung.map(ProcessHandle::isAlive).orElse(false))
                .as("the hung command is killed")
                .isFalse();
    }
}
