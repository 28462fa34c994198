package dev.resilientshop.kit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.kit.problem.ApiException;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    private static final String UUID_KEY = "8e0f4c1a-2b3d-4e5f-9a8b-7c6d5e4f3a2b";

    @Test
    void theBareTokenAndTheStructuredFieldStringAreTheSameKey() {
        assertThat(IdempotencyKey.parse(UUID_KEY)).isEqualTo(UUID_KEY);
        assertThat(IdempotencyKey.parse("\"" + UUID_KEY + "\"")).isEqualTo(UUID_KEY);
        assertThat(IdempotencyKey.parse(" \"" + UUID_KEY + "\" ")).isEqualTo(UUID_KEY);
    }

    @Test
    void missingShortLongOrMalformedKeysAre400s() {
        for (var bad : new String[] {
            null,
            "",
            "   ",
            "abcdefghijklmno",
            "k".repeat(65),
            "has spaces in it ok",
            "\"" + UUID_KEY,
            "\"\"",
            "\"short\"",
            "\"" + UUID_KEY + "\\\"\""
        }) {
            assertThatThrownBy(() -> IdempotencyKey.parse(bad))
                    .as(String.valueOf(bad))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThat(IdempotencyKey.parse("abcdefghijklmnop")).hasSize(16); // the shortest accepted
    }
}
