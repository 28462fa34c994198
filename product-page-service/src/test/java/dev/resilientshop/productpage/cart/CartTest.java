package dev.resilientshop.productpage.cart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CartTest {

    @Test
    void roundTripsThroughTheCookieFormat() {
        var cart = Cart.parse("AUD-0001:2|CAM-0003:1");
        assertThat(cart.encode()).isEqualTo("AUD-0001:2|CAM-0003:1");
        assertThat(cart.itemCount()).isEqualTo(3);
    }

    @Test
    void dropsEveryMalformedOrForeignLine() {
        var cart = Cart.parse(
                "AUD-0001:2|XYZ-0001:1|CAM-0003:0|KIT-0001:100|BOK-0002:-1|<script>|GAM-0004:7:1|OUT-0005:3|AUD-0001:9");
        assertThat(cart.encode()).isEqualTo("AUD-0001:2|OUT-0005:3");
    }

    @Test
    void keepsAtMostFiftyLines() {
        var sb = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            sb.append(i == 1 ? "" : "|").append("AUD-%04d:1".formatted(i));
        }
        var cart = Cart.parse(sb.toString());
        assertThat(cart.lines()).hasSize(Cart.MAX_LINES);
        assertThat(cart.add("CAM-0001", 1)).isFalse();
        assertThat(cart.add("AUD-0001", 1)).isTrue();
    }

    @Test
    void addingCapsTheQuantityAtNinetyNine() {
        var cart = Cart.empty();
        cart.add("AUD-0001", 60);
        cart.add("AUD-0001", 60);
        assertThat(cart.lines()).containsExactly(new Cart.Line("AUD-0001", 99));
    }

    @Test
    void updatingToZeroRemovesTheLine() {
        var cart = Cart.parse("AUD-0001:2|CAM-0003:1");
        cart.update("AUD-0001", 0);
        cart.update("CAM-0003", 5);
        assertThat(cart.encode()).isEqualTo("CAM-0003:5");
    }

    @Test
    void anAbsentOrHugeCookieIsAnEmptyCart() {
        assertThat(Cart.parse(null).isEmpty()).isTrue();
        assertThat(Cart.parse("AUD-0001:1|".repeat(500)).isEmpty()).isTrue();
    }
}
