package dev.resilientshop.payment.charge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.kit.card.Luhn;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CardProcessorTest {

    // 15 March 2027
    private final CardProcessor processor =
            new CardProcessor(Clock.fixed(Instant.parse("2027-03-15T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void aCardIsValidThroughTheLastDayOfItsExpiryMonth() {
        assertThat(processor.declineReason("4242424242424242", YearMonth.of(2027, 3)))
                .isEmpty();
    }

    @Test
    void aCardWhoseExpiryMonthHasPassedIsDeclinedAsExpired() {
        assertThat(processor.declineReason("4242424242424242", YearMonth.of(2027, 2)))
                .contains("expired_card");
    }

    @Test
    void theDecliningTestCardsDeclineWithTheirReason() {
        assertThat(processor.declineReason("4000000000000002", YearMonth.of(2030, 1)))
                .contains("card_declined");
        assertThat(processor.declineReason("4000000000009995", YearMonth.of(2030, 1)))
                .contains("insufficient_funds");
    }

    @Test
    void theLuhnCheckAcceptsTheTestCardsAndCatchesOneWrongDigit() {
        assertThat(Luhn.valid("4242424242424242")).isTrue();
        assertThat(Luhn.valid("4100000000000019")).isTrue();
        assertThat(Luhn.valid("4000000000009995")).isTrue();
        assertThat(Luhn.valid("4242424242424243")).isFalse();
    }
}
