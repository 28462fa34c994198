package dev.resilientshop.kit.ops;

import dev.resilientshop.kit.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Every resource under {@code /ops} needs the ops token, in the {@code X-Ops-Token} header or
 * (for the ops page in a browser) the {@code ops_token} cookie; otherwise 401 problem+json.
 * Only methods marked {@link OpsPublic} (the login form) are exempt.
 */
@Provider
public class OpsTokenFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    private final OpsToken token;

    public OpsTokenFilter(OpsToken token) {
        this.token = token;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        var path = request.getUriInfo().getPath();
        if (!(path.equals("/ops") || path.startsWith("/ops/"))) {
            return;
        }
        if (resource != null && resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(OpsPublic.class)
                        || resource.getResourceClass().isAnnotationPresent(OpsPublic.class))) {
            return;
        }
        var presented = request.getHeaderString(OpsToken.HEADER);
        if (presented == null) {
            Cookie cookie = request.getCookies().get(OpsToken.COOKIE);
            presented = cookie == null ? null : cookie.getValue();
        }
        if (!token.matches(presented)) {
            var detail = token.configured()
                    ? "Send the ops token in the " + OpsToken.HEADER + " header (./shop up prints it)"
                    : "No ops token is configured on this service (shop.ops-token), so ops endpoints are closed";
            request.abortWith(Response.status(401).type(Problem.MEDIA_TYPE)
                    .header("WWW-Authenticate", "OpsToken")
                    .entity(Problem.of(401, "Unauthorized", detail, path)).build());
        }
    }
}
