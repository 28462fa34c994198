package dev.resilientshop.systemtests.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What the docs claim that can be checked without running the shop: every repository file they
 * link to or name in backticks exists, every {@code Class#method} they point a reader at exists,
 * and the figures copied from configuration or test files (the promtool test count, the render
 * reserve, the drills' pause) are the ones in those files. Issue 14 found 14 of 24 claims stale;
 * most were of these kinds: a renamed test file, a method that no longer exists, a count or a
 * setting that changed under the prose. Plain JUnit, reads files only; "docs" are every
 * {@code *.md} of the repository outside build output.
 */
class DocsClaimsTest {

    static Path root;
    static Set<String> files;
    static Set<String> dirs;
    static Map<String, List<Path>> javaClasses;
    static List<Path> docs;
    static List<String> ignored;

    /** A Markdown link or image, {@code [text](target)} / {@code ![alt](target)}, or an HTML {@code <img src>}. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)|<img\\b[^>]*\\bsrc=\"([^\"]+)\"");

    private static final Pattern IMAGE_FILE = Pattern.compile("(?i).*\\.(png|jpe?g|gif|svg|webp)");
    /**
     * Where a browser test writes a picture the docs show, docs/img/NAME.png:
     * {@code Screenshots.forDocs(page, NAME, ...)}, NAME a string literal.
     */
    private static final Pattern SCREENSHOT_FOR_DOCS =
            Pattern.compile("Screenshots\\.forDocs\\(\\s*\\w+,\\s*\"([^\"]+)\"");
    /** Where a measuring script under scripts/ writes a plot the docs show: the path as a literal, "docs/img/NAME.svg". */
    private static final Pattern PLOT_FOR_DOCS = Pattern.compile("\"(docs/img/[A-Za-z0-9_-]+\\.(?:svg|png))\"");

    private static final Pattern TICKED = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+/?");
    private static final Pattern CLASS_MEMBER =
            Pattern.compile("([A-Z][A-Za-z0-9]*)([#.])([a-z][A-Za-z0-9]*)(\\(\\))?");
    /** A package-relative path is checked when its last segment names a file or a Java class. */
    private static final Pattern FILE_LIKE = Pattern.compile(
            ".*/([A-Z][a-z][A-Za-z0-9]*|[A-Za-z0-9_-]+\\.(java|yml|yaml|sql|html|js|css|md|sh|properties|json|conf|txt))/?");

    @BeforeAll
    static void scan() throws IOException {
        root = Shop.root();
        files = new TreeSet<>();
        dirs = new TreeSet<>();
        javaClasses = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !excluded(root.relativize(p))).forEach(p -> {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty()) {
                    return;
                }
                if (Files.isDirectory(p)) {
                    dirs.add(rel);
                } else {
                    files.add(rel);
                    String name = p.getFileName().toString();
                    if (name.endsWith(".java")) {
                        javaClasses
                                .computeIfAbsent(name.substring(0, name.length() - 5), k -> new ArrayList<>())
                                .add(p);
                    }
                }
            });
        }
        docs = files.stream().filter(f -> f.endsWith(".md")).map(root::resolve).toList();
        // generated at run time or by a command (secrets, reports): named in docs, never in git
        ignored = Files.readAllLines(root.resolve(".gitignore")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.contains("*"))
                .toList();
    }

    private static boolean excluded(Path rel) {
        for (Path part : rel) {
            String s = part.toString();
            // reports/: what ./shop replay and the measuring scripts write (ignored by git)
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

    @Test
    void docsWereFound() {
        // a guard for the tests below: an empty scan would pass them all
        assertThat(docs)
                .extracting(p -> root.relativize(p).toString())
                .contains("README.md", "docs/patterns/circuit-breaker.md", "docs/what-happens-when/README.md");
        assertThat(javaClasses).containsKeys("DefaultCircuitBreaker", "DependencyPipelines", "DocsClaimsTest");
    }

    @Test
    void everyRelativeLinkPointsAtAFileOrFolderOfTheRepository() {
        var broken = new ArrayList<String>();
        for (Path doc : docs) {
            Matcher m = LINK.matcher(read(doc));
            while (m.find()) {
                String target = m.group(1) != null ? m.group(1) : m.group(2);
                if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
                    continue; // a URL, or an anchor on the same page
                }
                String path = target.split("#")[0];
                String resolved = root.relativize(doc.getParent().resolve(path).normalize())
                        .toString();
                if (!resolved.isEmpty() && !files.contains(resolved) && !dirs.contains(resolved)) {
                    broken.add(where(doc) + " links to " + target);
                }
            }
        }
        assertThat(broken).as("links to files that do not exist").isEmpty();
    }

    @Test
    void everyRepositoryPathNamedInBackticksExists() {
        var topLevel = new HashSet<String>();
        files.forEach(f -> topLevel.add(f.split("/")[0]));
        dirs.forEach(d -> topLevel.add(d.split("/")[0]));
        var missing = new ArrayList<String>();
        for (Path doc : docs) {
            Matcher m = TICKED.matcher(read(doc));
            while (m.find()) {
                String token = m.group(1);
                if (!PATH.matcher(token).matches()
                        || token.startsWith(".")
                        || token.contains("target/")
                        || ignored.stream().anyMatch(token::startsWith)) {
                    continue; // not a path, a launcher path (./shop, .shop/), or build output / generated
                }
                String path = token.endsWith("/") ? token.substring(0, token.length() - 1) : token;
                boolean exists;
                if (topLevel.contains(path.split("/")[0])) {
                    // from the repository root; "..." stands for any folders in between
                    var pattern = Pattern.compile(Pattern.quote(path).replace("...", "\\E.*\\Q") + "(\\.java)?");
                    exists = Stream.concat(files.stream(), dirs.stream())
                            .anyMatch(f -> pattern.matcher(f).matches());
                } else if (FILE_LIKE.matcher(token).matches()) {
                    // inside a module's package tree: inventory/InventoryClient.java, dependency/Failures
                    exists = Stream.concat(files.stream(), dirs.stream())
                            .anyMatch(f -> f.endsWith("/" + path) || f.endsWith("/" + path + ".java"));
                } else {
                    continue; // "MM/YY", "12/30", a content type: not a path of this repository
                }
                if (!exists) {
                    missing.add(where(doc) + " names " + token);
                }
            }
        }
        assertThat(missing).as("paths named in the docs that do not exist").isEmpty();
    }

    /**
     * Every picture in the repository is a screenshot a browser test took and checked, or a plot a
     * measuring script drew from its run's data: it lives in docs/img/, a doc shows it, and a
     * {@code Screenshots.forDocs} call of the system tests writes it (so
     * {@code -Dscreenshots.update=true} regenerates it) or a script under scripts/ names it as the
     * file it writes (scripts/overload-sweep --write). A picture no doc shows any more, or
     * no test writes, is stale: a renamed screen leaves its old picture behind, and a hand-made
     * capture drifts from the page it shows. Whether the pictures the docs show exist is the link
     * check above.
     */
    @Test
    void everyPictureIsInDocsImgShownByADocAndWrittenByATestOrAScript() {
        var shown = new TreeSet<String>();
        for (Path doc : docs) {
            Matcher m = LINK.matcher(read(doc));
            while (m.find()) {
                String target = (m.group(1) != null ? m.group(1) : m.group(2)).split("#")[0];
                if (!target.matches("^[a-z]+:.*") && IMAGE_FILE.matcher(target).matches()) {
                    shown.add(root.relativize(doc.getParent().resolve(target).normalize())
                            .toString());
                }
            }
        }
        var written = new TreeSet<String>();
        try (Stream<Path> sources = Files.walk(root.resolve("system-tests/src/test/java"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                Matcher m = SCREENSHOT_FOR_DOCS.matcher(read(p));
                while (m.find()) {
                    written.add("docs/img/" + m.group(1) + ".png");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> scripts = Files.list(root.resolve("scripts"))) {
            scripts.filter(Files::isRegularFile).forEach(p -> {
                Matcher m = PLOT_FOR_DOCS.matcher(read(p));
                while (m.find()) {
                    written.add(m.group(1));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var pictures =
                files.stream().filter(f -> IMAGE_FILE.matcher(f).matches()).toList();

        assertThat(written)
                .as("screenshots the browser tests write for the docs (Screenshots.forDocs)")
                .isNotEmpty();
        assertThat(pictures).as("pictures outside docs/img/").allMatch(f -> f.startsWith("docs/img/"));
        assertThat(pictures).as("pictures in docs/img/ that no doc shows").allMatch(shown::contains);
        assertThat(pictures)
                .as("pictures in docs/img/ that no browser test (Screenshots.forDocs) or script writes")
                .allMatch(written::contains);
        assertThat(written)
                .as("screenshots the tests write for the docs but docs/img/ lacks (run with -Dscreenshots.update=true)")
                .allMatch(files::contains);
    }

    /** The alert rules' comments point at their tests and sources: a renamed file leaves them pointing at nothing. */
    @Test
    void everyRepositoryFileNamedInTheAlertRulesExists() throws IOException {
        var named = Pattern.compile(
                "\\b((?:prometheus|docs|system-tests|resilience|shop-kit)/[A-Za-z0-9_./-]+\\.(?:yml|md|java))");
        var missing = new ArrayList<String>();
        try (Stream<Path> rules = Files.list(root.resolve("prometheus/alerts"))) {
            for (Path file : rules.filter(p -> p.toString().endsWith(".yml")).toList()) {
                Matcher m = named.matcher(read(file));
                while (m.find()) {
                    var path = Pattern.compile(Pattern.quote(m.group(1)).replace("...", "\\E.*\\Q"));
                    if (files.stream().noneMatch(f -> path.matcher(f).matches())) {
                        missing.add(where(file) + " names " + m.group(1));
                    }
                }
            }
        }
        assertThat(missing)
                .as("files named in prometheus/alerts/*.yml that do not exist")
                .isEmpty();
    }

    @Test
    void everyClassAndMethodTheDocsPointAtExists() {
        var missing = new ArrayList<String>();
        for (Path doc : docs) {
            Matcher m = TICKED.matcher(read(doc));
            while (m.find()) {
                Matcher ref = CLASS_MEMBER.matcher(m.group(1));
                if (!ref.matches() || ref.group(3).equals("java")) {
                    continue;
                }
                String type = ref.group(1);
                String member = ref.group(3);
                var sources = javaClasses.get(type);
                if (sources == null) {
                    if (ref.group(2).equals("#")) { // Class#method is always this repository's code
                        missing.add(where(doc) + " names " + m.group(1) + ": no class " + type);
                    }
                    continue; // Type.member of the JDK or a library (System.nanoTime)
                }
                var identifier = Pattern.compile("\\b" + Pattern.quote(member) + "\\b");
                if (sources.stream().noneMatch(p -> identifier.matcher(read(p)).find())) {
                    missing.add(where(doc) + " names " + m.group(1) + ": " + type + " has no " + member);
                }
            }
        }
        // the other way the docs name a method: `inventory/InventoryClient.java` (`readServed`)
        var fileThenMethod =
                Pattern.compile("`(?:[A-Za-z0-9_./-]+/)?([A-Z][A-Za-z0-9]*)\\.java` \\(`([a-z][A-Za-z0-9]*)`");
        for (Path doc : docs) {
            Matcher m = fileThenMethod.matcher(read(doc));
            while (m.find()) {
                var sources = javaClasses.getOrDefault(m.group(1), List.of());
                var identifier = Pattern.compile("\\b" + Pattern.quote(m.group(2)) + "\\b");
                if (sources.stream().noneMatch(p -> identifier.matcher(read(p)).find())) {
                    missing.add(where(doc) + " names " + m.group() + ": " + m.group(1) + " has no " + m.group(2));
                }
            }
        }
        assertThat(missing)
                .as("classes and methods named in the docs that do not exist")
                .isEmpty();
    }

    @Test
    void thePromtoolTestCountInTheDocsIsTheNumberOfTestGroupsInPrometheusTests() throws IOException {
        int groups = 0;
        try (Stream<Path> tests = Files.list(root.resolve("prometheus/tests"))) {
            for (Path file : tests.filter(p -> p.toString().endsWith(".yml")).toList()) {
                Map<String, Object> doc = new Yaml().load(read(file));
                groups += ((List<?>) doc.get("tests")).size();
            }
        }
        var claims = claims(Pattern.compile("(\\d+) (?:promtool )?test (?:groups|cases)"));
        assertThat(claims)
                .as("the docs state the promtool test count somewhere")
                .isNotEmpty();
        for (var claim : claims) {
            assertThat(Integer.parseInt(claim.value()))
                    .as("%s (prometheus/tests/*.yml hold %d)", claim.where(), groups)
                    .isEqualTo(groups);
        }
    }

    @Test
    void theRenderReserveInTheDocsIsTheProductPagesSetting() {
        var setting = Pattern.compile("(?m)^shop\\.dependency\\.[a-z-]+\\.reserve=(\\d+)ms$")
                .matcher(read(root.resolve("product-page-service/src/main/resources/application.properties")));
        var reserves = new java.util.TreeSet<String>();
        while (setting.find()) {
            reserves.add(setting.group(1));
        }
        assertThat(reserves)
                .as("shop.dependency.<name>.reserve in the product page's application.properties: one value")
                .hasSize(1);
        String reserve = reserves.first();
        var claims = claims(
                Pattern.compile("(\\d+) ms render reserve|render reserve \\((\\d+) ms|what is left − (\\d+) ms"));
        assertThat(claims).as("the docs state the render reserve somewhere").isNotEmpty();
        for (var claim : claims) {
            assertThat(claim.value()).as(claim.where()).isEqualTo(reserve);
        }
    }

    @Test
    void theDrillsPauseInTheDocsIsShoppersThink() {
        var think = Pattern.compile("THINK = Duration\\.ofMillis\\((\\d+)\\)")
                .matcher(read(
                        root.resolve("test-support/src/main/java/dev/resilientshop/testsupport/load/Shoppers.java")));
        assertThat(think.find()).as("Shoppers.THINK").isTrue();
        var claims = claims(Pattern.compile("pausing (\\d+) ms"));
        assertThat(claims)
                .as("docs/what-happens-when/README.md states the pause")
                .isNotEmpty();
        for (var claim : claims) {
            assertThat(claim.value()).as(claim.where()).isEqualTo(think.group(1));
        }
    }

    record Claim(String where, String value) {}

    /** Every match of {@code pattern} in the docs; the value is its first non-null group. */
    private static List<Claim> claims(Pattern pattern) {
        var claims = new ArrayList<Claim>();
        for (Path doc : docs) {
            Matcher m = pattern.matcher(read(doc).replace('\n', ' '));
            while (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        claims.add(new Claim(where(doc) + ": \"" + m.group() + "\"", m.group(g)));
                        break;
                    }
                }
            }
        }
        return claims;
    }

    private static String where(Path doc) {
        return root.relativize(doc).toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
