package dev.resilientshop.kit.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules every shared secret of the shop (the ops token, the service credential) obeys, so a
 * service never runs with a secret an attacker already knows. The manifests once shipped
 * {@code change-me-ops-token}, and it was accepted because it was 16 characters long: anyone who
 * had read the repository could drive chaos and crash points on a deployed shop.
 *
 * <ul>
 * <li>A placeholder ({@code change-me...}, any case) is refused.</li>
 * <li>Fewer than {@value #MIN_LENGTH} characters is refused: {@code ./shop up}, the compose init
 *     service and {@code deploy/k8s/generate-secrets.sh} generate 48 hex characters (192 bits).</li>
 * <li>Absent is allowed: whatever the secret guards stays closed (fail closed, not open).</li>
 * </ul>
 * A refused value is a start-up error naming the property and what to do, not a silent "closed".
 * Comparison is constant-time, so response timing does not tell how much of a guess was right.
 */
public final class SharedSecret {

    public static final int MIN_LENGTH = 32;
    static final String PLACEHOLDER_PREFIX = "change-me";

    private SharedSecret() {}

    /**
     * @param property the config property, for the error message ({@code shop.ops-token})
     * @param value what config holds; empty or blank means "not configured"
     * @throws IllegalStateException when the value is a placeholder or too short
     */
    public static Optional<String> validate(String property, Optional<String> value) {
        var v = value.map(String::strip).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return v;
        }
        var env = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        var how = " Generate one: ./shop up does it for a local run, docker compose's init service on first start,"
                + " deploy/k8s/generate-secrets.sh for Kubernetes (or: head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \\n').";
        if (v.get().toLowerCase(Locale.ROOT).startsWith(PLACEHOLDER_PREFIX)) {
            throw new IllegalStateException(property + " (" + env + ") is the placeholder '" + v.get()
                    + "', which everyone who has read the repository knows; refusing to start." + how);
        }
        if (v.get().length() < MIN_LENGTH) {
            throw new IllegalStateException(property + " (" + env + ") must be at least " + MIN_LENGTH
                    + " characters, but has " + v.get().length() + "; refusing to start." + how);
        }
        return v;
    }

    /** Constant-time: the time taken does not depend on where the first difference is. */
    public static boolean matches(Optional<String> expected, String presented) {
        if (expected.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
