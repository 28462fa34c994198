package dev.resilientshop.recommendations.web;

import dev.resilientshop.kit.problem.ApiException;
import java.util.regex.Pattern;

/**
 * Eager checks of query and path parameters, so bad input is a 400 problem before any query
 * runs, and a {@code limit} can never ask the database for an unbounded answer.
 */
public final class QueryParams {

    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private QueryParams() {}

    /** {@code raw} as an int in {@code [1, max]}, {@code defaultValue} when absent. */
    public static int limit(String raw, int defaultValue, int max) {
        if (raw == null) {
            return defaultValue;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw ApiException.badRequest(
                "limit must be an integer in [1, " + max + "], but was '" + abbreviate(raw) + "'");
    }

    /** {@code null} when absent; otherwise must match {@code ^[A-Za-z0-9_-]{1,64}$}. */
    public static String userId(String raw) {
        if (raw != null && !USER_ID.matcher(raw).matches()) {
            throw ApiException.badRequest("userId must match ^[A-Za-z0-9_-]{1,64}$, but was '" + abbreviate(raw) + "'");
        }
        return raw;
    }

    public static String sku(String raw) {
        if (raw == null || !SKU.matcher(raw).matches()) {
            throw ApiException.badRequest(
                    "sku must be 1 to 32 letters, digits, '-' or '_', but was '" + abbreviate(raw) + "'");
        }
        return raw;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 70 ? s : s.substring(0, 70) + "...";
    }
}
