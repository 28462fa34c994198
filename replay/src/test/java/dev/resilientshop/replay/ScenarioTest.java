package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.chaos.ChaosConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    /** The repository root: tests run in the module's directory. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The service names of services.conf, the topology {@code ./shop} runs. */
    static List<String> servicesOfTheShop() throws Exception {
        return Files.readAllLines(ROOT.resolve("services.conf")).stream()
                .map(l -> l.strip().split("\\s+"))
                .filter(f -> f.length >= 4 && f[0].equals("service"))
                .map(f -> f[1])
                .toList();
    }

    @Test
    void everyBundledScenarioLoadsAndFaultsOnlyServicesOfTheShop() throws Exception {
        var services = servicesOfTheShop();
        assertThat(services).contains("recommendations", "inventory-primary", "order", "product-page");
        for (var name : Scenario.BUNDLED) {
            var s = Scenario.load(name);
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.phases()).anyMatch(Scenario.Phase::fault);
            assertThat(s.chaosServices()).as(name).isNotEmpty().allMatch(services::contains);
            // every fault is switched off again before the end: the shop is left as it was found
            for (var service : s.chaosServices()) {
                var last = s.phases().stream()
                        .flatMap(p -> p.actions().stream())
                        .filter(a -> a.service().equals(service))
                        .reduce((a, b) -> b)
                        .orElseThrow();
                assertThat(last.clears())
                        .as(name + ": last action on " + service)
                        .isTrue();
            }
            for (var claim : s.claims()) {
                assertThat(Summary.measuredIn(claim.measure(), emptySummary()))
                        .as(name + ": " + claim.measure())
                        .doesNotStartWith("(no figure");
            }
            assertThat(s.load().mix().keySet())
                    .as(name)
                    .isNotEmpty()
                    .allMatch(List.of("product", "browse", "checkout")::contains);
        }
    }

    /**
     * Every chaos body is one the services accept, read as they read it: shop-kit's
     * {@link ChaosConfig} and its rules (ranges, a pattern that compiles). Stricter than a service
     * on one point: an unknown field is refused, because a service ignores it, so a misspelt
     * {@code latencyMS} would replay a scenario with no fault at all.
     */
    @Test
    void everyChaosBodyIsOneTheServicesAccept() throws Exception {
        var strict = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        int faults = 0;
        for (var name : Scenario.BUNDLED) {
            for (var phase : Scenario.load(name).phases()) {
                for (var action : phase.actions()) {
                    if (action.clears()) {
                        continue;
                    }
                    var config = strict.treeToValue(action.chaos(), ChaosConfig.class);
                    assertThat(config.validated().isActive())
                            .as(name + ": " + action.describe() + " injects a fault")
                            .isTrue();
                    faults++;
                }
            }
        }
        assertThat(faults).isGreaterThanOrEqualTo(Scenario.BUNDLED.size());
    }

    @Test
    void theChaosCheckRefusesWhatAServiceWouldRefuseOrIgnore() {
        var strict = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        assertThatThrownBy(() -> strict.readValue("{\"latencyMS\": 4800}", ChaosConfig.class))
                .hasMessageContaining("latencyMS");
        assertThatThrownBy(() -> strict.readValue("{\"errorRate\": 1.5}", ChaosConfig.class)
                        .validated())
                .hasMessageContaining("errorRate");
        assertThatThrownBy(
                        () -> strict.readValue("{\"latencyMs\": 10, \"pathPattern\": \"/stock/(\"}", ChaosConfig.class)
                                .validated())
                .hasMessageContaining("pathPattern");
    }

    /**
     * Every page of docs/what-happens-when/ either has its scenario and a "Replay it" section with
     * the exact command, or a "Replay it" section with the command of the seed scenario that
     * replays its incident, or says why there is none; and every page scenario has its page.
     */
    @Test
    void everyPageOfWhatHappensWhenHasItsReplayOrSaysWhyNot() throws Exception {
        var dir = ROOT.resolve("docs/what-happens-when");
        try (var pages = Files.list(dir)) {
            for (var page : pages.filter(p -> p.toString().endsWith(".md") && !p.endsWith("README.md"))
                    .toList()) {
                var name = page.getFileName().toString().replaceFirst("\\.md$", "");
                var text = Files.readString(page);
                if (Scenario.PAGES.contains(name)) {
                    assertThat(text).as(name).contains("## Replay it").contains("./shop replay " + name);
                } else if (text.contains("## Replay it")) {
                    // a page whose incident is a seed's replays it under the seed's name
                    assertThat(Scenario.BUNDLED)
                            .as(name + ": its Replay it section names a bundled scenario")
                            .anyMatch(scenario -> text.contains("./shop replay " + scenario + "\n")
                                    || text.contains("./shop replay " + scenario + " "));
                } else {
                    assertThat(text)
                            .as(name + ": no scenario, so the page says why")
                            .contains("## Why there is no replay");
                }
            }
        }
        for (var name : Scenario.PAGES) {
            assertThat(dir.resolve(name + ".md"))
                    .as("the page of scenario " + name)
                    .exists();
        }
    }

    @Test
    void seed002FollowsTheSeedsTimeline() throws Exception {
        var s = Scenario.load("seed-002-timeline");
        assertThat(s.phases())
                .extracting(Scenario.Phase::at)
                .contains("+00:00", "+02:30", "+05:00", "+12:00", "+12:30");
        var degradation = s.phases().stream()
                .filter(p -> p.at().equals("+00:00"))
                .findFirst()
                .orElseThrow();
        assertThat(degradation.actions().get(0).service()).isEqualTo("inventory-primary");
        var latency = degradation.actions().get(0).chaos();
        assertThat(latency.path("latencyMs").asInt() + latency.path("jitterMs").asInt())
                .isEqualTo(500);
        var saturation = s.phases().stream()
                .filter(p -> p.at().equals("+02:30"))
                .findFirst()
                .orElseThrow();
        assertThat(saturation.actions().get(0).chaos().path("latencyMs").asInt())
                .isGreaterThan(2000);
        var fix = s.phases().stream()
                .filter(p -> p.at().equals("+12:00"))
                .findFirst()
                .orElseThrow();
        assertThat(fix.kind()).isEqualTo("fix");
        assertThat(fix.actions().get(0).clears()).isTrue();
    }

    @Test
    void phasesOutOfOrderOrOfAnUnknownKindAreRefused() {
        var outOfOrder = """
                {"name":"x","title":"x","seed":"x","story":"x","start":"-01:00","end":"+02:00",
                 "load":{"rps":1,"mix":{"product":1}},
                 "phases":[{"at":"-01:00","name":"a","kind":"baseline","actions":[]},
                           {"at":"+01:00","name":"b","kind":"fault","actions":[]},
                           {"at":"+00:30","name":"c","kind":"fix","actions":[]}]}""";
        assertThatThrownBy(() -> Scenario.parse(new ByteArrayInputStream(outOfOrder.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("does not come after");
        var badKind = outOfOrder.replace("\"fix\"", "\"party\"");
        assertThatThrownBy(() -> Scenario.parse(new ByteArrayInputStream(badKind.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("kind must be");
        assertThatThrownBy(() -> Scenario.load("seed-999")).hasMessageContaining("seed-002-timeline");
    }

    static Summary.ModeSummary emptySummary() {
        return new Summary.ModeSummary(
                "resilient",
                0,
                0,
                0,
                java.util.Map.of(),
                0,
                0,
                java.util.Map.of(),
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                java.util.Map.of(),
                0,
                List.of(),
                java.util.Map.of(),
                true,
                List.of(),
                0);
    }
}
