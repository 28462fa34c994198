package dev.resilientshop.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The replay figures quoted in the docs, each between markers that name where it comes from:
 *
 * <pre>{@code <!-- fig seed-002-timeline modes.resilient.product5xx -->0<!-- /fig -->}</pre>
 *
 * {@code seed-002-timeline} is {@code docs/figures/seed-002-timeline.summary.json}, the
 * {@code summary.json} of one replay of that scenario ({@code scripts/doc-figures} puts it there);
 * the key is a path into it. Issue 14: a pattern page and a drill page quoted different numbers
 * for the same run, because each was copied by hand at a different time. With one file per
 * scenario and every quoted figure marked, {@link #rewrite} puts the file's values into every page
 * and {@link #check} says which page no longer says what the file says.
 *
 * <p>A key is dot-separated: an object's field (a space in a field's name written as {@code -},
 * so {@code checkoutStatuses.no-answer}), an array's element by index, or by the value of its
 * {@code phase}, {@code measure} or {@code name} field with {@code -} for spaces
 * ({@code modes.resilient.phases.graceful-degradation.productP99Millis}). An optional third word
 * is the format: a {@code java.util.Formatter} pattern ({@code %.1f}), or {@code pct} (a share
 * as a percentage with one decimal). Without it a whole number is written as is and a fraction
 * rounded to a whole number.
 */
public final class DocFigures {

    /** Where the summaries live, relative to the repository root. */
    public static final String FIGURES = "docs/figures";

    static final Pattern MARKER = Pattern.compile("<!-- fig (\\S+) (\\S+)(?: (\\S+))? -->(.*?)<!-- /fig -->");
    static final String OPENING = "<!-- fig ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One marked figure: where it is, what it names and what the page says now. */
    public record Figure(String doc, int line, String source, String key, String format, String text) {
        String where() {
            return doc + ":" + line;
        }
    }

    private DocFigures() {}

    /** Every marked figure of one document's text ({@code doc} is its name in messages). */
    public static List<Figure> find(String doc, String text) {
        var figures = new ArrayList<Figure>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            figures.add(new Figure(doc, lineOf(text, m.start()), m.group(1), m.group(2), m.group(3), m.group(4)));
        }
        return figures;
    }

    /**
     * What is wrong with the marked figures of the repository's docs: a figure that is not its
     * summary's value, a marker naming a summary or a key that does not exist or a format that
     * does not apply, a marker opened and never closed on its line. Empty when every figure holds.
     */
    public static List<String> check(Path root) {
        var problems = new ArrayList<String>();
        var summaries = new HashMap<String, JsonNode>();
        for (Path doc : docs(root)) {
            String name = root.relativize(doc).toString();
            String text = read(doc);
            problems.addAll(unclosed(name, text));
            for (var f : find(name, text)) {
                try {
                    String expected = value(summary(root, f.source(), summaries), f.key(), f.format());
                    if (!expected.equals(f.text())) {
                        problems.add(String.format(
                                "%s: says %s where %s has %s = %s",
                                f.where(), f.text(), sourcePath(f.source()), f.key(), expected));
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(f.where() + ": " + e.getMessage());
                }
            }
        }
        return problems;
    }

    /**
     * Writes every marked figure of the repository's docs from its summary; the number of
     * figures that changed. Fails, changing no file, when any marker names something missing.
     */
    public static int rewrite(Path root) {
        var summaries = new HashMap<String, JsonNode>();
        var changed = new HashMap<Path, String>();
        var problems = new ArrayList<String>();
        int figures = 0;
        for (Path doc : docs(root)) {
            String name = root.relativize(doc).toString();
            String text = read(doc);
            problems.addAll(unclosed(name, text));
            var out = new StringBuilder();
            Matcher m = MARKER.matcher(text);
            int changes = 0;
            while (m.find()) {
                String replacement = m.group();
                try {
                    String value = value(summary(root, m.group(1), summaries), m.group(2), m.group(3));
                    if (!value.equals(m.group(4))) {
                        changes++;
                        replacement = m.group().substring(0, m.start(4) - m.start()) + value + "<!-- /fig -->";
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(name + ":" + lineOf(text, m.start()) + ": " + e.getMessage());
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            if (changes > 0) {
                changed.put(doc, out.toString());
                figures += changes;
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("no doc rewritten:\n  " + String.join("\n  ", problems));
        }
        changed.forEach((doc, text) -> {
            try {
                Files.writeString(doc, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return figures;
    }

    /** The figure {@code key} names in {@code summary}, written as the docs show it. */
    public static String value(JsonNode summary, String key, String format) {
        JsonNode node = summary;
        for (String segment : key.split("\\.")) {
            node = step(node, segment);
            if (node == null) {
                throw new IllegalArgumentException("no key " + key + " (nothing at '" + segment + "')");
            }
        }
        if (node.isContainerNode() || node.isNull()) {
            throw new IllegalArgumentException(
                    key + " is " + (node.isNull() ? "null" : "not a single figure") + ": " + node);
        }
        if (format == null) {
            if (!node.isNumber()) {
                return node.asText();
            }
            return node.isIntegralNumber() ? node.asText() : String.format(Locale.ROOT, "%.0f", node.asDouble());
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(
                    "format " + format + " given for " + key + ", which is not a number: " + node);
        }
        if (format.equals("pct")) {
            return String.format(Locale.ROOT, "%.1f", 100 * node.asDouble());
        }
        try {
            return format.endsWith("d")
                    ? String.format(Locale.ROOT, format, node.asLong())
                    : String.format(Locale.ROOT, format, node.asDouble());
        } catch (java.util.IllegalFormatException e) {
            throw new IllegalArgumentException("format " + format + " for " + key + ": " + e.getMessage());
        }
    }

    private static JsonNode step(JsonNode node, String segment) {
        if (node.isObject()) {
            if (node.has(segment)) {
                return node.get(segment);
            }
            var names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (name.replace(' ', '-').equals(segment)) {
                    return node.get(name);
                }
            }
            return null;
        }
        if (node.isArray()) {
            if (segment.matches("\\d+")) {
                return node.get(Integer.parseInt(segment));
            }
            for (JsonNode element : node) {
                for (String field : List.of("phase", "measure", "name")) {
                    if (element.path(field).isTextual()
                            && element.get(field).asText().replace(' ', '-').equals(segment)) {
                        return element;
                    }
                }
            }
        }
        return null;
    }

    /** {@code docs/figures/<source>.summary.json}. */
    public static String sourcePath(String source) {
        return FIGURES + "/" + source + ".summary.json";
    }

    private static JsonNode summary(Path root, String source, Map<String, JsonNode> cache) {
        var cached = cache.get(source);
        if (cached != null) {
            return cached;
        }
        Path file = root.resolve(sourcePath(source));
        if (!source.matches("[A-Za-z0-9_-]+") || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no summary " + sourcePath(source));
        }
        try {
            var tree = JSON.readTree(file.toFile());
            cache.put(source, tree);
            return tree;
        } catch (IOException e) {
            throw new IllegalArgumentException(sourcePath(source) + " is not JSON: " + e.getMessage());
        }
    }

    /** An opening marker with no closing one after it on its line: the figure would be invisible to the check. */
    private static List<String> unclosed(String doc, String text) {
        var problems = new ArrayList<String>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int opened = count(lines[i], OPENING);
            int matched = (int) MARKER.matcher(lines[i]).results().count();
            if (opened != matched) {
                problems.add(
                        doc + ":" + (i + 1) + ": a figure marker that is not <!-- fig <scenario> <key> [format] -->"
                                + "figure<!-- /fig --> on one line");
            }
        }
        return problems;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Every {@code *.md} of the repository outside build output and reports. */
    static List<Path> docs(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
                    .filter(p -> !excluded(root.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean excluded(Path rel) {
        for (Path part : rel) {
            String s = part.toString();
            if (s.equals(".git")
                    || s.equals("target")
                    || s.equals("node_modules")
                    || s.equals(".shop")
                    || s.equals("reports")) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code check [root]}: print what differs, exit 1 if anything does. {@code rewrite [root]}:
     * write every marked figure from its summary. Run by {@code scripts/doc-figures}.
     */
    public static void main(String[] args) {
        if (args.length < 1 || !List.of("check", "rewrite").contains(args[0])) {
            System.err.println("usage: DocFigures check|rewrite [repository root]");
            System.exit(2);
        }
        Path root = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath().normalize();
        if (args[0].equals("check")) {
            var problems = check(root);
            problems.forEach(System.out::println);
            System.out.printf("%d marked figures, %d problems%n", figures(root), problems.size());
            System.exit(problems.isEmpty() ? 0 : 1);
        }
        try {
            int changed = rewrite(root);
            System.out.printf("%d marked figures, %d rewritten%n", figures(root), changed);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** How many marked figures the repository's docs hold. */
    public static int figures(Path root) {
        return docs(root).stream()
                .mapToInt(d -> find(root.relativize(d).toString(), read(d)).size())
                .sum();
    }
}
