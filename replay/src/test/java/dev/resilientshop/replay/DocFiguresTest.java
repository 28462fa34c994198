package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker and the rewriter of marked doc figures, on a small repository of their own. */
class DocFiguresTest {

    @TempDir
    Path root;

    @BeforeEach
    void aSummary() throws IOException {
        Files.createDirectories(root.resolve("docs/figures"));
        Files.writeString(root.resolve("docs/figures/seed-x.summary.json"), """
                {"scenario": "seed-x", "speed": 30.0,
                 "modes": {"resilient": {"product5xx": 0, "productPages": 1234, "page5xxShare": 0.12345,
                                         "pageP99Millis": 181.6,
                                         "checkoutStatuses": {"201": 40, "no answer": 2},
                                         "phases": [{"phase": "healthy", "productP99Millis": 40.2},
                                                    {"phase": "graceful degradation", "productP99Millis": 95.5}],
                                         "deps": {"product-page/inventory": {"firstOpenAt": "+00:07"}}}},
                 "seedSaysWeMeasured": [{"measure": "productPage5xx", "weMeasured": "resilient: 0 5xx"}]}
                """);
    }

    private void doc(String text) throws IOException {
        Files.createDirectories(root.resolve("docs/patterns"));
        Files.writeString(root.resolve("docs/patterns/p.md"), text);
    }

    private static String fig(String key, String text) {
        return "<!-- fig seed-x " + key + " -->" + text + "<!-- /fig -->";
    }

    @Test
    void figuresThatAreTheSummarysValuesPass() throws IOException {
        doc("# P\n\n" + fig("modes.resilient.product5xx", "0") + " failed of "
                + fig("modes.resilient.productPages", "1234")
                + ", p99 " + fig("modes.resilient.pageP99Millis", "182") + " ms, "
                + fig("modes.resilient.page5xxShare pct", "12.3") + " %, breaker open at "
                + fig("modes.resilient.deps.product-page/inventory.firstOpenAt", "+00:07") + ", "
                + fig("modes.resilient.phases.graceful-degradation.productP99Millis %.1f", "95.5") + " ms, "
                + fig("modes.resilient.checkoutStatuses.no-answer", "2") + " unanswered, "
                + fig("modes.resilient.phases.0.productP99Millis", "40") + "\n");

        assertThat(DocFigures.check(root)).isEmpty();
        assertThat(DocFigures.figures(root)).isEqualTo(8);
    }

    @Test
    void aWrongFigureIsReportedWithItsPlaceAndBothValues() throws IOException {
        doc("# P\n\nline two\n" + fig("modes.resilient.productPages", "1200") + " pages\n");

        assertThat(DocFigures.check(root))
                .containsExactly(
                        "docs/patterns/p.md:4: says 1200 where docs/figures/seed-x.summary.json has modes.resilient.productPages = 1234");
    }

    @Test
    void aMarkerNamingAMissingKeyOrFileIsReported() throws IOException {
        doc(fig("modes.resilient.product4xx", "0") + "\n<!-- fig seed-y modes.resilient.product5xx -->0<!-- /fig -->\n"
                + fig("modes.resilient.checkoutStatuses", "{}") + "\n");

        assertThat(DocFigures.check(root))
                .containsExactly(
                        "docs/patterns/p.md:1: no key modes.resilient.product4xx (nothing at 'product4xx')",
                        "docs/patterns/p.md:2: no summary docs/figures/seed-y.summary.json",
                        "docs/patterns/p.md:3: modes.resilient.checkoutStatuses is not a single figure: {\"201\":40,\"no answer\":2}");
    }

    @Test
    void aMarkerThatIsNeverClosedOnItsLineIsReported() throws IOException {
        doc("<!-- fig seed-x modes.resilient.product5xx -->0\n<!-- /fig -->\n");

        assertThat(DocFigures.check(root))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("docs/patterns/p.md:1: a figure marker");
    }

    @Test
    void rewriteWritesEveryFigureFromItsSummaryAndNothingElse() throws IOException {
        doc("# P\n\n" + fig("modes.resilient.productPages", "1200") + " pages, "
                + fig("modes.resilient.product5xx", "3") + " failed, " + fig("modes.resilient.page5xxShare pct", "12.3")
                + " %\n");

        assertThat(DocFigures.rewrite(root)).isEqualTo(2);

        assertThat(Files.readString(root.resolve("docs/patterns/p.md")))
                .isEqualTo("# P\n\n"
                        + fig("modes.resilient.productPages", "1234") + " pages, "
                        + fig("modes.resilient.product5xx", "0")
                        + " failed, " + fig("modes.resilient.page5xxShare pct", "12.3") + " %\n");
        assertThat(DocFigures.check(root)).isEmpty();
    }

    @Test
    void rewriteChangesNoFileWhenAMarkerNamesSomethingMissing() throws IOException {
        doc(fig("modes.resilient.productPages", "1200") + " and " + fig("modes.naive.productPages", "7") + "\n");

        assertThatThrownBy(() -> DocFigures.rewrite(root))
                .hasMessageContaining("p.md:1: no key modes.naive.productPages");
        assertThat(Files.readString(root.resolve("docs/patterns/p.md"))).contains(">1200<");
    }
}
