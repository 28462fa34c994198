package dev.resilientshop.systemtests.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading for the ops tests: which metric names an expression queries, and
 * which label names its selectors match on. Not a parser: it strips strings, durations, grouping
 * clauses and function names, and what is left are metric names ({@code promtool check rules}
 * checks the syntax itself).
 */
final class PromQl {

    private PromQl() {}

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "atan2",
            "Inf",
            "inf",
            "NaN",
            "nan");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    /** Metric names an expression selects, in order of appearance. */
    static Set<String> metricNames(String expr) {
        String e = GRAFANA_VARIABLE.matcher(expr).replaceAll("x");
        e = STRING.matcher(e).replaceAll("\"\"");
        e = e.replaceAll("\\{[^}]*}", " ");
        e = RANGE.matcher(e).replaceAll(" ");
        e = GROUPING.matcher(e).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            boolean functionCall = m.group(2) != null;
            if (!functionCall && !KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** (metric or "" for a bare {@code {...}} selector, label) for every label matcher. */
    static List<String[]> matcherLabels(String expr) {
        String e = STRING.matcher(expr).replaceAll("\"\"");
        List<String[]> out = new ArrayList<>();
        Matcher s = SELECTOR.matcher(e);
        while (s.find()) {
            String metric = s.group(1) == null ? "" : s.group(1);
            Matcher l = MATCHER_LABEL.matcher(s.group(2));
            while (l.find()) {
                out.add(new String[] {metric, l.group(1)});
            }
        }
        return out;
    }
}
