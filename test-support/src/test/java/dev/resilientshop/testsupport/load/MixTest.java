package dev.resilientshop.testsupport.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MixTest {

    @Test
    void theDefaultMixHasExactlyItsProportionsInEveryHundredRequests() {
        var mix = Mix.parse("browse=80,product=15,checkout=5");
        for (int offset : new int[] {0, 37, 100}) {
            var kinds =
                    IntStream.range(offset, offset + 100).mapToObj(mix::kindOf).toList();
            assertThat(kinds.stream().filter("browse"::equals).count()).isEqualTo(80);
            assertThat(kinds.stream().filter("product"::equals).count()).isEqualTo(15);
            assertThat(kinds.stream().filter("checkout"::equals).count()).isEqualTo(5);
        }
    }

    @Test
    void kindsAreSpreadNotBunched() {
        var mix = Mix.parse("browse=50,product=50");
        // alternate, rather than 50 browse then 50 product
        assertThat(IntStream.range(0, 10)
                        .mapToObj(mix::kindOf)
                        .filter("product"::equals)
                        .count())
                .isEqualTo(5);
    }

    @Test
    void spacesAndZeroWeightsAreAccepted() {
        var mix = Mix.parse(" browse = 1 , checkout=0");
        assertThat(mix.weights()).containsOnlyKeys("browse");
        assertThat(mix.kindOf(7)).isEqualTo("browse");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|empty",
                "browse|is not kind=weight",
                "browse=|is not kind=weight",
                "=5|is not kind=weight",
                "browse=80,,product=20|is not kind=weight",
                "shopping=10|kind 'shopping' is unknown; kinds are browse, product, checkout",
                "browse=eighty|weight of browse is 'eighty', not a whole number",
                "browse=1.5|not a whole number",
                "browse=-5|negative",
                "browse=10,browse=20|names browse twice",
                "browse=0,product=0|add up to 0",
                "browse=99999|at most 10000",
            })
    void badInputIsAClearError(String text, String message) {
        assertThatThrownBy(() -> Mix.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
