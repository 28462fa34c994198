package dev.resilientshop.payment.fraud;

import java.util.List;

/** The provider's answer: score 0..100 and {@code approve}, {@code review} or {@code decline}. */
public record FraudVerdict(Integer score, String decision, List<String> reasons) {

    /** Only an explicit decline stops a charge; {@code review} goes through (nobody here reviews). */
    public boolean declined() {
        return "decline".equals(decision);
    }
}
