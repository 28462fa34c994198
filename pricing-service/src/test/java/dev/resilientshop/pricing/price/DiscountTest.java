package dev.resilientshop.pricing.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DiscountTest {

    @Test
    void noPromotionLeavesTheListPrice() {
        assertThat(Discount.apply(4999, 0)).isEqualTo(4999);
    }

    @Test
    void exactDiscountsNeedNoRounding() {
        assertThat(Discount.apply(5000, 20)).isEqualTo(4000); // 5000 × 0.80
    }

    @Test
    void fractionsBelowHalfACentRoundDown() {
        assertThat(Discount.apply(4999, 15)).isEqualTo(4249); // 4249.15
        assertThat(Discount.apply(4099, 20)).isEqualTo(3279); // 3279.20
    }

    @Test
    void fractionsFromHalfACentRoundUp() {
        assertThat(Discount.apply(999, 50)).isEqualTo(500); // 499.50
        assertThat(Discount.apply(1999, 25)).isEqualTo(1499); // 1499.25 → down
        assertThat(Discount.apply(1999, 10)).isEqualTo(1799); // 1799.10 → down
        assertThat(Discount.apply(1299, 15)).isEqualTo(1104); // 1104.15 → down
        assertThat(Discount.apply(3, 50)).isEqualTo(2); // 1.50 → up
        assertThat(Discount.apply(99, 25)).isEqualTo(74); // 74.25 → down
        assertThat(Discount.apply(99, 10)).isEqualTo(89); // 89.10 → down
        assertThat(Discount.apply(7, 10)).isEqualTo(6); // 6.30 → down
        assertThat(Discount.apply(5, 10)).isEqualTo(5); // 4.50 → up
    }

    @Test
    void theLargestSeedPricesDoNotOverflow() {
        assertThat(Discount.apply(129_999, 25)).isEqualTo(97_499); // 97 499.25
        assertThat(Discount.apply(Integer.MAX_VALUE, 1)).isEqualTo(2_126_008_811); // 2 126 008 810.53
    }

    @Test
    void percentagesOutsideZeroToHundredAreRejected() {
        assertThatThrownBy(() -> Discount.apply(100, 101))
                .hasMessageContaining("percentOff must be in [0, 100], but was 101");
        assertThatThrownBy(() -> Discount.apply(100, -1)).hasMessageContaining("but was -1");
        assertThatThrownBy(() -> Discount.apply(-1, 10)).hasMessageContaining("listCents must be >= 0");
    }
}
