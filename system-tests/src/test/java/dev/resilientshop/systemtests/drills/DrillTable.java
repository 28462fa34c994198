package dev.resilientshop.systemtests.drills;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders the drill records ({@link DrillRecord}) into the table between
 * {@code <!-- drill-table:begin -->} and {@code <!-- drill-table:end -->} of docs/testing.md.
 * No dependencies, so it runs as a source file: {@code scripts/drill-table}.
 *
 * <pre>
 *   java DrillTable.java &lt;records dir&gt; &lt;markdown file&gt;
 * </pre>
 */
public final class DrillTable {

    static final String BEGIN = "<!-- drill-table:begin -->";
    static final String END = "<!-- drill-table:end -->";
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}\\s]+)");

    private DrillTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DrillTable <records dir> <markdown file>");
            System.exit(2);
        }
        var records = read(Path.of(args[0]));
        if (records.isEmpty()) {
            System.err.println("no drill records in " + args[0] + ": run the drills first");
            System.exit(1);
        }
        var doc = Path.of(args[1]);
        Files.writeString(doc, replace(Files.readString(doc), render(records)));
        System.out.println("wrote " + records.size() + " drills into " + doc);
    }

    static List<Map<String, String>> read(Path dir) throws IOException {
        var list = new ArrayList<Map<String, String>>();
        if (!Files.isDirectory(dir)) {
            return list;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (var f :
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                list.add(parse(Files.readString(f)));
            }
        }
        return list;
    }

    static Map<String, String> parse(String json) {
        var m = new LinkedHashMap<String, String>();
        var matcher = FIELD.matcher(json);
        while (matcher.find()) {
            m.put(
                    matcher.group(1),
                    matcher.group(3) != null
                            ? matcher.group(3).replace("\\\"", "\"").replace("\\\\", "\\")
                            : matcher.group(2));
        }
        return m;
    }

    static String render(List<Map<String, String>> records) {
        var out = new StringBuilder();
        out.append("| Drill | Pattern | Headline | Pattern on | Pattern off | Fails when off | On+off run |\n");
        out.append("|---|---|---|---:|---:|---|---:|\n");
        for (var r : records) {
            out.append("| ")
                    .append(r.get("drill"))
                    .append(" | ")
                    .append(r.get("pattern"))
                    .append(" | ")
                    .append(r.get("headline"))
                    .append(" | ")
                    .append(value(r.get("on")))
                    .append(" | ")
                    .append(value(r.get("off")))
                    .append(" | ")
                    .append("true".equals(r.get("failsWhenOff")) ? "yes" : "**NO**")
                    .append(" | ")
                    .append(
                            r.get("pairSeconds") == null || r.get("pairSeconds").equals("null")
                                    ? "–"
                                    : value(r.get("pairSeconds")) + " s")
                    .append(" |\n");
        }
        var times = records.stream()
                .map(r -> r.get("at"))
                .filter(t -> t != null && t.length() >= 16)
                .sorted()
                .toList();
        if (!times.isEmpty()) {
            out.append("\nMeasured by the drills of one test run, ")
                    .append(minute(times.get(0)))
                    .append(" to ")
                    .append(minute(times.get(times.size() - 1)))
                    .append(" UTC; `scripts/drill-table` rewrites this table " + "from the records of the last run.\n");
        }
        return out.toString();
    }

    /** {@code 2026-11-30T18:02:41.5Z} as {@code 2026-11-30 18:02}. */
    private static String minute(String instant) {
        return instant.substring(0, 10) + " " + instant.substring(11, 16);
    }

    private static String value(String v) {
        return v == null || v.equals("null") ? "–" : v;
    }

    static String replace(String doc, String table) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the markers " + BEGIN + " and " + END + " are missing");
        }
        return doc.substring(0, begin + BEGIN.length()) + "\n" + table + doc.substring(end);
    }
}
