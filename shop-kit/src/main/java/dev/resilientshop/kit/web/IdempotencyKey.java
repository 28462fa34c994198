package dev.resilientshop.kit.web;

import dev.resilientshop.kit.problem.ApiException;
import java.util.regex.Pattern;

/**
 * The one reading of an {@code Idempotency-Key} header, for every service that takes one (order
 * and payment), so the rules cannot drift apart.
 *
 * <p>Failures it prevents: a second order or charge because a retry carried no key (missing → 400),
 * and a stranger replaying someone else's checkout by guessing a short key (fewer than
 * {@value #MIN_LENGTH} characters → 400; docs/patterns/idempotency.md says why 16). The IETF
 * httpapi draft defines the header as an RFC 8941 structured-field string, {@code "…"}; the bare
 * token form that clients send today is accepted too, and both name the same key.
 */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 64;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{" + MIN_LENGTH + "," + MAX_LENGTH + "}");

    private IdempotencyKey() {}

    /** The key in {@code header}, unquoted; a problem+json 400 when it is missing or malformed. */
    public static String parse(String header) {
        if (header == null || header.isBlank()) {
            throw ApiException.badRequest("The " + HEADER + " header is required");
        }
        var key = header.strip();
        if (key.startsWith("\"")) {
            if (key.length() < 2 || !key.endsWith("\"")) {
                throw ApiException.badRequest(HEADER + " is an unterminated structured-field string");
            }
            key = key.substring(1, key.length() - 1);
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badRequest(
                    HEADER + " must be " + MIN_LENGTH + "-" + MAX_LENGTH
                            + " characters of A-Z, a-z, 0-9, '_' or '-' (a random UUID is a good key), optionally in double quotes");
        }
        return key;
    }
}
