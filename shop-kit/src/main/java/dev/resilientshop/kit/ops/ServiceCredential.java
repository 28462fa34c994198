package dev.resilientshop.kit.ops;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The secret one service shows another to call an endpoint that moves money or stock
 * ({@link ServiceOnly}). Without it, anyone who could reach payment-service could refund any
 * charge: a buyer took the {@code chargeId} from {@code /api/orders}, posted
 * {@code /charges/{id}/refund} and kept the goods.
 *
 * <p>Config {@code shop.service-credential} (env {@code SHOP_SERVICE_CREDENTIAL}), generated like
 * the ops token ({@code ./shop up}, the compose init service, {@code deploy/k8s/generate-secrets.sh})
 * and subject to the same rules ({@link SharedSecret}: no placeholder, at least 32 characters,
 * checked at start-up). Not configured: every {@link ServiceOnly} endpoint answers 401, and callers
 * send nothing. Callers send it in {@value #HEADER}.
 */
@Startup
@ApplicationScoped
public class ServiceCredential {

    public static final String HEADER = "X-Service-Credential";

    private final Optional<String> credential;

    public ServiceCredential(@ConfigProperty(name = "shop.service-credential") Optional<String> credential) {
        this.credential = SharedSecret.validate("shop.service-credential", credential);
    }

    public boolean matches(String presented) {
        return SharedSecret.matches(credential, presented);
    }

    public boolean configured() {
        return credential.isPresent();
    }

    /** For the callers (order-service's inventory and payment calls), to put in {@value #HEADER}. */
    public Optional<String> value() {
        return credential;
    }
}
