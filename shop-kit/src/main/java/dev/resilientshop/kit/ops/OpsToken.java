package dev.resilientshop.kit.ops;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The shared secret that guards admin and chaos endpoints. It comes from config
 * ({@code shop.ops-token}, env {@code SHOP_OPS_TOKEN}; {@code ./shop up} generates one), never
 * from code. With no token configured, every ops call is refused: the endpoints are never open.
 * A placeholder or short token stops the service at start-up ({@link SharedSecret}); the bean is
 * {@link Startup} so that happens at boot, not at the first ops call.
 */
@Startup
@ApplicationScoped
public class OpsToken {

    public static final String HEADER = "X-Ops-Token";

    private final Optional<String> token;

    public OpsToken(@ConfigProperty(name = "shop.ops-token") Optional<String> token) {
        this.token = SharedSecret.validate("shop.ops-token", token);
    }

    /** Constant-time comparison, so response timing does not leak how much of a guess was right. */
    public boolean matches(String presented) {
        return SharedSecret.matches(token, presented);
    }

    public boolean configured() {
        return token.isPresent();
    }

    /** For callers that forward the token to another service (the ops page drives every service's chaos API). */
    public Optional<String> value() {
        return token;
    }
}
