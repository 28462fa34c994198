package dev.resilientshop.kit.ops;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The shared secret that guards admin and chaos endpoints. It comes from config
 * ({@code shop.ops-token}, env {@code SHOP_OPS_TOKEN}; {@code ./shop up} generates one), never
 * from code. With no token configured, every ops call is refused: the endpoints are never open.
 */
@ApplicationScoped
public class OpsToken {

    public static final String HEADER = "X-Ops-Token";
    static final int MIN_LENGTH = 16;

    private final Optional<String> token;

    public OpsToken(@ConfigProperty(name = "shop.ops-token") Optional<String> token) {
        this.token = token.filter(t -> t.length() >= MIN_LENGTH);
    }

    /** Constant-time comparison, so response timing does not leak how much of a guess was right. */
    public boolean matches(String presented) {
        if (token.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    public boolean configured() {
        return token.isPresent();
    }

    /** For callers that forward the token to another service (the ops page drives every service's chaos API). */
    public Optional<String> value() {
        return token;
    }
}
