package dev.resilientshop.pricing.price;

import dev.resilientshop.kit.problem.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks SKUs before they reach SQL. A batch is bounded (at most {@value #MAX_SKUS}) so one
 * request cannot turn into an unbounded query, and malformed input is a 400 rather than a
 * silently empty answer that would look like "all these products are unknown".
 */
final class SkuQuery {

    static final int MAX_SKUS = 100;
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

    private SkuQuery() {}

    static String single(String sku) {
        if (sku == null || !SKU.matcher(sku).matches()) {
            throw ApiException.badRequest(
                    "sku must be 1 to 32 letters, digits, '-' or '_', but was '" + abbreviate(sku) + "'");
        }
        return sku;
    }

    /** The distinct SKUs of a comma-separated list, in the order given. */
    static List<String> list(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("skus is required: a comma-separated list of 1 to " + MAX_SKUS + " SKUs");
        }
        var parts = raw.split(",", -1);
        if (parts.length > MAX_SKUS) {
            throw ApiException.badRequest("skus may name at most " + MAX_SKUS + " SKUs, but named " + parts.length);
        }
        var skus = new LinkedHashSet<String>();
        for (var part : parts) {
            var sku = part.trim();
            if (!SKU.matcher(sku).matches()) {
                throw ApiException.badRequest("skus contains a malformed SKU: '" + abbreviate(sku) + "'");
            }
            skus.add(sku);
        }
        return new ArrayList<>(skus);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
