package dev.resilientshop.fraud.score;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;

/**
 * The provider's scoring, made deterministic so a drill or a test can choose its outcome by the
 * data it sends: every order starts at {@value #BASE}; an amount over 2000 (in the order's
 * currency's major unit) adds {@value #HIGH_AMOUNT_POINTS}, a disposable e-mail domain adds
 * {@value #DISPOSABLE_EMAIL_POINTS} (either alone lands in review, both together in decline);
 * a card whose BIN starts with {@value #BLOCKED_BIN_PREFIX} always scores {@value #BLOCKED_BIN_SCORE}.
 * Thresholds are in {@link Decision}.
 */
@ApplicationScoped
class FraudRules {

    static final int BASE = 5;
    static final long HIGH_AMOUNT_CENTS = 200_000;
    static final int HIGH_AMOUNT_POINTS = 55;
    static final int DISPOSABLE_EMAIL_POINTS = 55;
    static final String BLOCKED_BIN_PREFIX = "4100";
    static final int BLOCKED_BIN_SCORE = 95;
    static final Set<String> DISPOSABLE_DOMAINS = Set.of(
            "mailinator.com",
            "guerrillamail.com",
            "10minutemail.com",
            "yopmail.com",
            "trashmail.com",
            "tempmail.com",
            "sharklasers.com",
            "throwawaymail.com");

    Score score(ScoreRequest request) {
        var reasons = new ArrayList<String>();
        int score = BASE;
        if (request.cardBin().startsWith(BLOCKED_BIN_PREFIX)) {
            reasons.add("card_bin_blocklisted");
        }
        if (request.amountCents() > HIGH_AMOUNT_CENTS) {
            score += HIGH_AMOUNT_POINTS;
            reasons.add("amount_over_2000");
        }
        if (request.email() != null && isDisposable(request.email())) {
            score += DISPOSABLE_EMAIL_POINTS;
            reasons.add("disposable_email");
        }
        if (reasons.contains("card_bin_blocklisted")) {
            score = BLOCKED_BIN_SCORE;
        }
        score = Math.min(score, 100);
        return new Score(score, Decision.of(score), reasons);
    }

    private static boolean isDisposable(String email) {
        var domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return DISPOSABLE_DOMAINS.contains(domain);
    }
}
