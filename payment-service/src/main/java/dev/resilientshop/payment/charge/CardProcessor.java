package dev.resilientshop.payment.charge;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated card network: decides whether the issuer would accept a charge, with Stripe-style
 * test cards so a demo or a test can choose the outcome (docs/api.md). A card is valid through the
 * last day of its expiry month.
 */
@ApplicationScoped
class CardProcessor {

    static final Map<String, String> DECLINING_TEST_CARDS = Map.of(
            "4000000000000002", "card_declined",
            "4000000000009995", "insufficient_funds");

    private final Clock clock;

    CardProcessor(Clock clock) {
        this.clock = clock;
    }

    /** The decline reason, or empty when the issuer accepts. */
    Optional<String> declineReason(String cardNumber, YearMonth expiry) {
        if (expiry.isBefore(YearMonth.now(clock))) {
            return Optional.of("expired_card");
        }
        return Optional.ofNullable(DECLINING_TEST_CARDS.get(cardNumber));
    }
}
