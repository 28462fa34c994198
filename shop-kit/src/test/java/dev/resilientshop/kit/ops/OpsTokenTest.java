package dev.resilientshop.kit.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A service must not start with a token everybody knows: the placeholder the manifests once
 * shipped ({@code change-me-ops-token}) or anything short enough to guess.
 */
class OpsTokenTest {

    static final String GOOD = "0123456789abcdef0123456789abcdef"; // 32 characters

    @Test
    void refusesThePlaceholderTokenTheManifestsUsedToShip() {
        assertThatThrownBy(() -> new OpsToken(Optional.of("change-me-ops-token")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shop.ops-token")
                .hasMessageContaining("placeholder");
        assertThatThrownBy(() -> new OpsToken(Optional.of("CHANGE-ME-" + GOOD))).hasMessageContaining("placeholder");
    }

    @Test
    void refusesATokenShorterThan32Characters() {
        assertThatThrownBy(() -> new OpsToken(Optional.of(GOOD.substring(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 characters")
                .hasMessageContaining("31");
    }

    @Test
    void acceptsA32CharacterTokenAndComparesItExactly() {
        var token = new OpsToken(Optional.of(GOOD));
        assertThat(token.configured()).isTrue();
        assertThat(token.matches(GOOD)).isTrue();
        assertThat(token.matches(GOOD.substring(1))).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void noTokenAtAllKeepsTheOpsEndpointsClosedRatherThanFailingTheStart() {
        var token = new OpsToken(Optional.empty());
        assertThat(token.configured()).isFalse();
        assertThat(token.matches("")).isFalse();
    }
}
