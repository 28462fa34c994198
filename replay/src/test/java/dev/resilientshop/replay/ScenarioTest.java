package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void everyBundledScenarioLoadsAndFaultsOnlyServicesOfTheShop() throws Exception {
        var services = List.of("fraud-api", "payment", "pricing", "recommendations", "inventory-primary",
                "inventory-secondary", "order", "product-page");
        for (var name : Scenario.BUNDLED) {
            var s = Scenario.load(name);
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.phases()).anyMatch(Scenario.Phase::fault);
            assertThat(s.chaosServices()).isNotEmpty().allMatch(services::contains);
            // every fault is switched off again before the end: the shop is left as it was found
            for (var service : s.chaosServices()) {
                var last = s.phases().stream().flatMap(p -> p.actions().stream()).filter(a -> a.service().equals(service))
                        .reduce((a, b) -> b).orElseThrow();
                assertThat(last.clears()).as(name + ": last action on " + service).isTrue();
            }
            for (var claim : s.claims()) {
                assertThat(Summary.measuredIn(claim.measure(), emptySummary())).doesNotStartWith("(no figure");
            }
        }
    }

    @Test
    void seed002FollowsTheSeedsTimeline() throws Exception {
        var s = Scenario.load("seed-002-timeline");
        assertThat(s.phases()).extracting(Scenario.Phase::at).contains("+00:00", "+02:30", "+05:00", "+12:00", "+12:30");
        var degradation = s.phases().stream().filter(p -> p.at().equals("+00:00")).findFirst().orElseThrow();
        assertThat(degradation.actions().get(0).service()).isEqualTo("inventory-primary");
        var latency = degradation.actions().get(0).chaos();
        assertThat(latency.path("latencyMs").asInt() + latency.path("jitterMs").asInt()).isEqualTo(500);
        var saturation = s.phases().stream().filter(p -> p.at().equals("+02:30")).findFirst().orElseThrow();
        assertThat(saturation.actions().get(0).chaos().path("latencyMs").asInt()).isGreaterThan(2000);
        var fix = s.phases().stream().filter(p -> p.at().equals("+12:00")).findFirst().orElseThrow();
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
        return new Summary.ModeSummary("resilient", 0, 0, 0, java.util.Map.of(), 0, 0, java.util.Map.of(), 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, java.util.Map.of(), 0, List.of(), java.util.Map.of(), true, List.of(), 0);
    }
}
