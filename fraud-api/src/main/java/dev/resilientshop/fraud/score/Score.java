package dev.resilientshop.fraud.score;

import java.util.List;

/** {@code POST /scores} answer: a score in [0, 100], the decision it maps to, and the rules that fired. */
public record Score(int score, Decision decision, List<String> reasons) {}
