package dev.resilientshop.kit.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stamps every response with {@code X-Served-By: <instance>}. With two inventory replicas over
 * the same data this is how a caller, a test or a person with curl sees which one answered
 * (and later, whether a hedged read was won by the secondary).
 */
@Provider
public class ServedByFilter implements ContainerResponseFilter {

    public static final String HEADER = "X-Served-By";

    private final String instance;

    public ServedByFilter(
            @ConfigProperty(name = "shop.instance", defaultValue = "${quarkus.application.name}") String instance) {
        this.instance = instance;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(HEADER, instance);
    }
}
