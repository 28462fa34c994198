package dev.resilientshop.systemtests.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.replay.Replay;
import dev.resilientshop.replay.ShopOps;
import dev.resilientshop.replay.Summary;
import dev.resilientshop.systemtests.Shop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CI-sized incident replay: seed 000 (recommendations down for five minutes) at 20×, in
 * resilient and then naive mode against the system tests' shop, through the same runner as
 * {@code ./shop replay}. Resilient: not one product or category page fails, and pages show the
 * fallback's notice while recommendations is down. Naive: the fault shows through, on pages that
 * were fine in the healthy phase of the same run. About 75 s.
 */
@ExtendWith(Shop.class)
@Order(460)
class ReplayTest {

    @Test
    void seed000ReplayedResilientHidesTheOutageAndNaiveShowsIt() throws Exception {
        var shop = Shop.get();
        var root = Path.of(System.getProperty("shop.root", "..")).toAbsolutePath().normalize();
        var state = Path.of(System.getProperty("shop.state.dir", "target/shop-state")).toAbsolutePath();
        int offset = Integer.parseInt(System.getProperty("shop.port.offset", "10000"));
        var ops = ShopOps.of(root, state, offset);
        var reports = Files.createDirectories(shop.artifacts().resolve("replays"));
        var printed = new ByteArrayOutputStream();
        var out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        var options = new Replay.Options("seed-000-recs-down", 20, List.of("resilient", "naive"), null,
                Duration.ofSeconds(8), Duration.ofSeconds(4), reports, "off");

        var result = new Replay(root, ops, offset, Replay.generator(ops), out).run(options);
        System.out.println(printed.toString(StandardCharsets.UTF_8));

        var resilient = result.summaries().get("resilient");
        var naive = result.summaries().get("naive");
        var resilientDown = phase(resilient, "recommendations down");
        var naiveHealthy = phase(naive, "healthy");
        var naiveDown = phase(naive, "recommendations down");

        assertThat(resilient.pages()).as("pages replayed in resilient mode").isGreaterThan(200);
        assertThat(resilient.page5xx()).as("failed pages in resilient mode").isZero();
        assertThat(resilientDown.bannerPages()).as("pages with a fallback notice while recommendations was down")
                .isGreaterThan(resilientDown.pages() / 2);
        assertThat(resilient.deps().get("product-page/recommendations").fallbacksBySource().values().stream()
                .mapToLong(Long::longValue).sum()).as("recommendations fallbacks").isPositive();

        // naive: measured against its own healthy phase, the fault shows through to the pages
        double healthyShare = (double) naiveHealthy.page5xx() / Math.max(1, naiveHealthy.pages());
        double downShare = (double) naiveDown.page5xx() / Math.max(1, naiveDown.pages());
        System.out.printf("REPLAY seed-000 at 20x: resilient %d pages, %d failed, %d with a notice while down; "
                + "naive failed %.1f %% healthy, %.1f %% while down; report %s%n", resilient.pages(), resilient.page5xx(),
                resilientDown.bannerPages(), 100 * healthyShare, 100 * downShare, result.report().resolve("index.html"));
        assertThat(downShare).as("naive: share of failed pages while recommendations was down").isGreaterThan(0.25)
                .isGreaterThan(5 * healthyShare);

        var summary = Files.readString(result.report().resolve("summary.json"));
        assertThat(summary).contains("\"seedSaysWeMeasured\"");
        assertThat(Files.readString(result.report().resolve("index.html"))).contains("const DATA = ");
    }

    private static Summary.PhaseFigures phase(Summary.ModeSummary s, String name) {
        return s.phases().stream().filter(p -> p.phase().equals(name)).findFirst().orElseThrow();
    }
}
