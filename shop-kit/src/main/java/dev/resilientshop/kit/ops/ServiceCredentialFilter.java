package dev.resilientshop.kit.ops;

import dev.resilientshop.kit.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Every {@link ServiceOnly} endpoint needs the {@link ServiceCredential} in
 * {@value ServiceCredential#HEADER}; otherwise 401 problem+json before the resource runs, so
 * nothing is charged, refunded, reserved or released. Runs at {@link Priorities#AUTHENTICATION},
 * before chaos and every other filter. Keyed by the annotation on the matched resource method, so
 * the check cannot be dodged by spelling the path differently ({@code /charges/../charges/x}).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ServiceCredentialFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    private final ServiceCredential credential;

    public ServiceCredentialFilter(ServiceCredential credential) {
        this.credential = credential;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (resource == null
                || resource.getResourceMethod() == null
                || !(resource.getResourceMethod().isAnnotationPresent(ServiceOnly.class)
                        || resource.getResourceClass().isAnnotationPresent(ServiceOnly.class))) {
            return;
        }
        if (credential.matches(request.getHeaderString(ServiceCredential.HEADER))) {
            return;
        }
        var detail = credential.configured()
                ? "This endpoint moves money or stock: only the shop's own services may call it, with "
                        + ServiceCredential.HEADER
                : "No service credential is configured on this service (shop.service-credential), so endpoints that"
                        + " move money or stock are closed";
        request.abortWith(Response.status(401)
                .type(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "ServiceCredential")
                .entity(Problem.of(
                        401, "Unauthorized", detail, request.getUriInfo().getPath()))
                .build());
    }
}
