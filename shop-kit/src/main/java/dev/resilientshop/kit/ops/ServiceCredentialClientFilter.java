package dev.resilientshop.kit.ops;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Puts the {@link ServiceCredential} into {@value ServiceCredential#HEADER} of every request of the
 * REST client it is registered with ({@code QuarkusRestClientBuilder.register}), and of no other:
 * the shop's own services get it, an outside provider (fraud-api) never does. Not configured: sends
 * nothing.
 */
public final class ServiceCredentialClientFilter implements ClientRequestFilter {

    private final ServiceCredential credential;

    public ServiceCredentialClientFilter(ServiceCredential credential) {
        this.credential = credential;
    }

    @Override
    public void filter(ClientRequestContext request) {
        credential.value().ifPresent(c -> request.getHeaders().putSingle(ServiceCredential.HEADER, c));
    }
}
