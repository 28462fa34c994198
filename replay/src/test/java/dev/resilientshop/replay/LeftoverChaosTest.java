package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a replay measures the scenario's faults only if the shop carries no other fault. A
 * latency left on order-service by an earlier {@code ./shop chaos order latency=9000} made every
 * checkout of a seed 003 replay answer 503 after the 8 s checkout budget, healthy phase included,
 * because the replay cleared chaos only on the scenario's own service (fraud-api). Here every
 * service of the shop is a small loopback server ({@link FakeShop}), and order-service starts
 * with chaos on.
 */
class LeftoverChaosTest {

    @TempDir
    Path reports;

    @Test
    void chaosLeftOnAServiceOutsideTheScenarioIsClearedBeforeTheHealthyPhaseAndSaidSo() throws Exception {
        try (var shop = new FakeShop()) {
            shop.chaos.put("order", "{\"latencyMs\":9000}");
            var out = new ByteArrayOutputStream();
            var chaosOnOrderWhenLoadStarted = new ArrayList<String>();
            Replay.LoadFactory loads = (load, duration) -> {
                chaosOnOrderWhenLoadStarted.add(shop.chaos.get("order"));
                return FakeShop.quietLoad();
            };
            var replay =
                    new Replay(Path.of("."), shop.ops, 0, loads, new PrintStream(out, true, StandardCharsets.UTF_8));
            // seed 003 at 480x: one wall second per mode
            var result = replay.run(new Replay.Options(
                    "seed-003-fraud-cascade",
                    480,
                    List.of("resilient"),
                    null,
                    Duration.ZERO,
                    Duration.ZERO,
                    reports,
                    "off"));

            assertThat(chaosOnOrderWhenLoadStarted).containsExactly(FakeShop.NO_CHAOS);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("chaos left on order")
                    .contains("9000");
            assertThat(result.events().get("resilient"))
                    .anySatisfy(e -> assertThat(e.text()).contains("chaos left on order"));
            // the scenario's own fault was applied and taken off as before
            assertThat(shop.chaos.get("fraud-api")).isEqualTo(FakeShop.NO_CHAOS);
        }
    }
}
