package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records a drill writes come out as the docs' table, between the markers and nowhere else. */
class DrillTableTest {

    @TempDir
    Path dir;

    @Test
    void recordsBecomeRowsBetweenTheMarkers() throws Exception {
        System.setProperty("drill.records.dir", dir.resolve("records").toString());
        try {
            DrillRecord.write("HedgedInventoryDrillTest", "hedging", "stock-read p99, ms", 48.7, 231.0, true, 61.5);
            DrillRecord.write("PricingHangsDrillTest", "breaker", "fast rejections", 812, 0, false);
        } finally {
            System.clearProperty("drill.records.dir");
        }
        var doc = dir.resolve("testing.md");
        Files.writeString(
                doc, "# Testing\nbefore\n" + DrillTable.BEGIN + "\nold table\n" + DrillTable.END + "\nafter\n");

        DrillTable.main(new String[] {dir.resolve("records").toString(), doc.toString()});

        var text = Files.readString(doc);
        assertThat(text)
                .startsWith("# Testing\nbefore\n" + DrillTable.BEGIN + "\n| Drill |")
                .endsWith(DrillTable.END + "\nafter\n")
                .doesNotContain("old table")
                .contains("| HedgedInventoryDrillTest | hedging | stock-read p99, ms | 48.70 | 231.0 | yes | 61.50 s |")
                .contains("| PricingHangsDrillTest | breaker | fast rejections | 812.0 | 0.000 | **NO** | – |")
                .containsPattern("Measured by the drills of one test run, \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} to "
                        + "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC");
    }

    @Test
    void aDocWithoutTheMarkersIsRefused() {
        assertThatThrownBy(() -> DrillTable.replace("# Testing\n", "| table |"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
