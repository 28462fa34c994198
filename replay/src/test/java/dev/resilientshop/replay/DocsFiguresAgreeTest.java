package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The replay figures the repository's docs quote are the ones in {@code docs/figures/} (issue 14:
 * pattern pages and drill pages quoted different figures for the same thing). Reads files only:
 * no shop. When it fails, {@code scripts/doc-figures} writes the figures again from the summaries.
 */
class DocsFiguresAgreeTest {

    static final Path ROOT =
            Path.of(System.getProperty("shop.root", "..")).toAbsolutePath().normalize();

    @Test
    void everyMarkedFigureInTheDocsIsItsSummarysValue() {
        assertThat(DocFigures.check(ROOT))
                .as("marked figures that are not their summary's value (scripts/doc-figures rewrites them)")
                .isEmpty();
    }

    @Test
    void everyBundledScenarioHasASummaryThatTheDocsQuote() throws IOException {
        var quoted = DocFigures.docs(ROOT).stream()
                .flatMap(d -> DocFigures.find(ROOT.relativize(d).toString(), read(d)).stream())
                .map(DocFigures.Figure::source)
                .collect(Collectors.toSet());
        for (var scenario : Scenario.BUNDLED) {
            Path file = ROOT.resolve(DocFigures.sourcePath(scenario));
            assertThat(file).as("the summary of a replay of " + scenario).isRegularFile();
            assertThat(new ObjectMapper()
                            .readTree(file.toFile())
                            .path("scenario")
                            .asText())
                    .as(file.toString())
                    .isEqualTo(scenario);
            assertThat(quoted).as("scenarios whose figures the docs quote").contains(scenario);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
