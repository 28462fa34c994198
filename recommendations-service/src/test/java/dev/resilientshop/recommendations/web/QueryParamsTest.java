package dev.resilientshop.recommendations.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.kit.problem.ApiException;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void anAbsentLimitTakesTheDefault() {
        assertThat(QueryParams.limit(null, 6, 20)).isEqualTo(6);
    }

    @Test
    void limitsAtTheBoundsAreAccepted() {
        assertThat(QueryParams.limit("1", 6, 20)).isEqualTo(1);
        assertThat(QueryParams.limit("20", 6, 20)).isEqualTo(20);
    }

    @Test
    void limitsOutsideTheBoundsOrNotIntegersAreBadRequests() {
        for (var raw : new String[] {"0", "21", "", "1e3", "2147483648"}) {
            assertThatThrownBy(() -> QueryParams.limit(raw, 6, 20))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessageContaining("limit must be an integer in [1, 20], but was '" + raw + "'");
        }
    }

    @Test
    void userIdIsOptionalButMustMatchThePatternWhenGiven() {
        assertThat(QueryParams.userId(null)).isNull();
        assertThat(QueryParams.userId("u001")).isEqualTo("u001");
        assertThat(QueryParams.userId("A-b_9")).isEqualTo("A-b_9");
        assertThatThrownBy(() -> QueryParams.userId("u:001")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> QueryParams.userId("y".repeat(65))).isInstanceOf(ApiException.class);
    }

    @Test
    void longInputIsAbbreviatedInTheProblemDetail() {
        assertThatThrownBy(() -> QueryParams.userId("z".repeat(1000)))
                .hasMessageEndingWith("...'")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }
}
