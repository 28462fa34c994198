package dev.resilientshop.fraud.score;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FraudRulesTest {

    private final FraudRules rules = new FraudRules();

    private static ScoreRequest request(long amountCents, String bin, String email) {
        return new ScoreRequest("order-1", amountCents, "EUR", bin, "4242", email);
    }

    @Test
    void anOrdinaryOrderScoresLowAndIsApproved() {
        var score = rules.score(request(4_999, "424242", "ada@example.com"));

        assertThat(score.score()).isEqualTo(5);
        assertThat(score.decision()).isEqualTo(Decision.APPROVE);
        assertThat(score.reasons()).isEmpty();
    }

    @Test
    void exactlyTwoThousandEurosIsNotAHighAmount() {
        assertThat(rules.score(request(200_000, "424242", "ada@example.com")).decision())
                .isEqualTo(Decision.APPROVE);
    }

    @Test
    void anAmountOverTwoThousandEurosLandsInReview() {
        var score = rules.score(request(200_001, "424242", "ada@example.com"));

        assertThat(score.score()).isEqualTo(60); // 5 base + 55 high amount
        assertThat(score.decision()).isEqualTo(Decision.REVIEW);
        assertThat(score.reasons()).containsExactly("amount_over_2000");
    }

    @Test
    void aDisposableEmailDomainLandsInReviewWhateverItsCase() {
        var score = rules.score(request(4_999, "424242", "bot@MailInator.com"));

        assertThat(score.decision()).isEqualTo(Decision.REVIEW);
        assertThat(score.reasons()).containsExactly("disposable_email");
    }

    @Test
    void aHighAmountFromADisposableEmailIsDeclined() {
        var score = rules.score(request(250_000, "424242", "bot@yopmail.com"));

        assertThat(score.score()).isEqualTo(100); // 5 + 55 + 55 = 115, capped at 100
        assertThat(score.decision()).isEqualTo(Decision.DECLINE);
    }

    @Test
    void aCardBinStartingWith4100AlwaysScores95AndIsDeclined() {
        var score = rules.score(request(100, "410000", null));

        assertThat(score.score()).isEqualTo(95);
        assertThat(score.decision()).isEqualTo(Decision.DECLINE);
        assertThat(score.reasons()).containsExactly("card_bin_blocklisted");
    }

    @Test
    void aMissingEmailIsScoredOnTheOtherRulesAlone() {
        assertThat(rules.score(request(4_999, "424242", null)).decision()).isEqualTo(Decision.APPROVE);
    }

    @Test
    void thresholdsAreApproveBelow60ReviewBelow90DeclineFrom90() {
        assertThat(Decision.of(59)).isEqualTo(Decision.APPROVE);
        assertThat(Decision.of(60)).isEqualTo(Decision.REVIEW);
        assertThat(Decision.of(89)).isEqualTo(Decision.REVIEW);
        assertThat(Decision.of(90)).isEqualTo(Decision.DECLINE);
    }
}
