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
 * Issue 14: a replay against a plain {@code ./shop up} had 149 of 648 pages and 17 of 72
 * checkouts refused 429 in resilient mode, because its load stands in for many shoppers but comes
 * from one address, and the product page limits each address to 10 requests a second. The report
 * then measured the rate limit, not the incident. The replay now switches the per-client rate
 * limit off on the product page for its resilient run (every other pattern stays on), says so,
 * and puts every pattern back on at the end. {@code RateLimitDrillTest} is where the rate limit
 * itself is shown.
 */
class ReplayLoadIsManyShoppersTest {

    @TempDir
    Path reports;

    @Test
    void theResilientRunSwitchesOnlyThePerClientRateLimitOffAndPutsItBack() throws Exception {
        try (var shop = new FakeShop()) {
            var out = new ByteArrayOutputStream();
            var replay = new Replay(
                    Path.of("."),
                    shop.ops,
                    0,
                    (load, duration) -> FakeShop.quietLoad(),
                    new PrintStream(out, true, StandardCharsets.UTF_8));

            var result = replay.run(new Replay.Options(
                    "seed-000-recs-down",
                    480,
                    List.of("resilient", "naive"),
                    null,
                    Duration.ZERO,
                    Duration.ZERO,
                    reports,
                    "off"));

            var productPage = shop.modes.get("product-page");
            assertThat(productPage.get(0)).isEqualTo("{\"mode\":\"resilient\",\"off\":[\"rate-limit\"]}");
            assertThat(productPage.get(1)).isEqualTo("{\"mode\":\"naive\",\"off\":[]}");
            assertThat(productPage).last().isEqualTo("{\"mode\":\"resilient\",\"off\":[]}");
            // the other callers have no per-client limit: every pattern on in the resilient run
            assertThat(shop.modes.get("order").get(0)).isEqualTo("{\"mode\":\"resilient\",\"off\":[]}");
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("per-client rate limit off");
            assertThat(result.events().get("resilient"))
                    .anySatisfy(e -> assertThat(e.text()).contains("per-client rate limit off"));
        }
    }

    /**
     * Seed 002's service had no outlier ejection, so the slow replica stayed in its rotation and
     * the breaker and the banner took over. The product page ejects such a replica by default; the
     * seed's story needs that one pattern off, said so in the report.
     */
    @Test
    void aScenarioCanSwitchOffAPatternTheSeedsServiceDidNotHaveAndSaysWhy() throws Exception {
        try (var shop = new FakeShop()) {
            var out = new ByteArrayOutputStream();
            var replay = new Replay(
                    Path.of("."),
                    shop.ops,
                    0,
                    (load, duration) -> FakeShop.quietLoad(),
                    new PrintStream(out, true, StandardCharsets.UTF_8));

            var result = replay.run(new Replay.Options(
                    "seed-002-timeline",
                    1800,
                    List.of("resilient", "naive"),
                    null,
                    Duration.ZERO,
                    Duration.ZERO,
                    reports,
                    "off"));

            var productPage = shop.modes.get("product-page");
            assertThat(productPage.get(0))
                    .isEqualTo("{\"mode\":\"resilient\",\"off\":[\"rate-limit\",\"outlier-ejection\"]}");
            assertThat(productPage).last().isEqualTo("{\"mode\":\"resilient\",\"off\":[]}");
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("outlier-ejection off on product-page");
            assertThat(result.events().get("resilient"))
                    .anySatisfy(e -> assertThat(e.text())
                            .contains("outlier-ejection off on product-page")
                            .contains("seed"));
        }
    }
}
