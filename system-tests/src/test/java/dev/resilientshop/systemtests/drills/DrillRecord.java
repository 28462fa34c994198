package dev.resilientshop.systemtests.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * What one drill proved, for the table in docs/testing.md: the pattern it is named for, its
 * headline figure with every pattern on and with only that pattern off, and whether the drill's
 * own checks failed in the "off" run (they must: a drill that still passes without its pattern
 * proves nothing about it). Written to {@code target/drill-records/<drill>.json} of the
 * system-tests module; {@code scripts/drill-table} renders every record into the docs.
 */
public final class DrillRecord {

    private DrillRecord() {}

    /** As {@link #write(String, String, String, double, double, boolean, double)} without the run time. */
    public static Path write(
            String drill, String pattern, String headlineName, double onValue, double offValue, boolean failsWhenOff) {
        return write(drill, pattern, headlineName, onValue, offValue, failsWhenOff, Double.NaN);
    }

    /**
     * @param headlineName what the figures are, with their unit ("stock-read p99, ms")
     * @param pairSeconds how long the on and the off run took together (NaN: not measured)
     */
    public static Path write(
            String drill,
            String pattern,
            String headlineName,
            double onValue,
            double offValue,
            boolean failsWhenOff,
            double pairSeconds) {
        var dir = Path.of(System.getProperty("drill.records.dir", "target/drill-records"));
        var file = dir.resolve(drill + ".json");
        var json = String.format(
                Locale.ROOT,
                """
                {"drill": "%s", "pattern": "%s", "headline": "%s", "on": %s, "off": %s, "failsWhenOff": %s, \
                "pairSeconds": %s, "at": "%s"}
                """,
                escape(drill),
                escape(pattern),
                escape(headlineName),
                number(onValue),
                number(offValue),
                failsWhenOff,
                number(pairSeconds),
                Instant.now());
        try {
            Files.createDirectories(dir);
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "null";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
