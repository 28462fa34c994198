package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the warm-up's load is not recorded, and neither should be what it did to the shop. A
 * seed 000 replay against a shop that had just started began its healthy phase with the product
 * page's three breakers open and the inventory limit at its floor: the cold services' first
 * answers, during the warm-up, had tripped them after the runner's reset, and 6 of 79 healthy
 * pages answered 503. So each calling service is reset once more when the warm-up ends, under
 * the load, before the first recorded second.
 */
class WarmUpResetTest {

    @TempDir
    Path reports;

    @Test
    void callersAreResetAgainWhenTheWarmUpEndsBeforeTheFirstRecordedSecond() throws Exception {
        try (var shop = new FakeShop()) {
            replayAndCheckTheResets(shop);
        }
    }

    private void replayAndCheckTheResets(FakeShop shop) throws Exception {
        var happened = shop.happened;
        Replay.LoadFactory loads = (load, duration) -> new LoadDriver() {
            int intervals;

            @Override
            public void start() {
                happened.add("load start");
            }

            @Override
            public Interval interval() {
                // the first call ends the warm-up (its outcomes are thrown away); the next ones are recorded
                if (++intervals == 2) {
                    happened.add("recording");
                }
                return new Interval();
            }

            @Override
            public void close() {}
        };
        var replay = new Replay(
                Path.of("."),
                shop.ops,
                0,
                loads,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        // seed 000 at 480x: one wall second per mode, after a one-second warm-up
        replay.run(new Replay.Options(
                "seed-000-recs-down",
                480,
                List.of("resilient"),
                null,
                Duration.ZERO,
                Duration.ofSeconds(1),
                reports,
                "off"));

        var events = List.copyOf(happened);
        int loadStart = events.indexOf("load start");
        int recording = events.indexOf("recording");
        assertThat(loadStart).as("the load started").isNotNegative();
        assertThat(recording).as("a second was recorded").isGreaterThan(loadStart);
        for (var caller : Replay.CALLERS) {
            assertThat(events.subList(0, loadStart))
                    .as("reset before the warm-up")
                    .contains("reset " + caller);
            assertThat(events.subList(loadStart, recording))
                    .as("reset after the warm-up, before recording")
                    .contains("reset " + caller);
        }
    }
}
