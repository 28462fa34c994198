package dev.resilientshop.fraud.score;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What the provider advises, from the score: approve below 60, review from 60, decline from 90.
 * payment-service declines only on {@link #DECLINE}; {@link #REVIEW} goes through (a real shop
 * would queue it for a person).
 */
public enum Decision {
    APPROVE,
    REVIEW,
    DECLINE;

    static final int REVIEW_FROM = 60;
    static final int DECLINE_FROM = 90;

    static Decision of(int score) {
        if (score >= DECLINE_FROM) {
            return DECLINE;
        }
        return score >= REVIEW_FROM ? REVIEW : APPROVE;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
