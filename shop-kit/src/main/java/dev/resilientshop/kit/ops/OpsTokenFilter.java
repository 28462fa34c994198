package dev.resilientshop.kit.ops;

import dev.resilientshop.kit.problem.Problem;
import dev.resilientshop.kit.web.SameOrigin;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Every resource under {@code /ops} needs the ops token in the {@code X-Ops-Token} header, or
 * (for the ops page in a browser) a live {@link OpsSessions} id in the {@code ops_session}
 * cookie; otherwise 401 problem+json. Only methods marked {@link OpsPublic} (the login form) are
 * exempt. A change (anything but GET/HEAD/OPTIONS) that rides on the cookie must also come from a
 * page of this origin ({@link SameOrigin}), else 403: a cookie is attached by the browser to a form
 * another site posts, a header is not.
 */
@Provider
public class OpsTokenFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    private final OpsToken token;
    private final OpsSessions sessions;

    public OpsTokenFilter(OpsToken token, OpsSessions sessions) {
        this.token = token;
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        var path = request.getUriInfo().getPath();
        if (!(path.equals("/ops") || path.startsWith("/ops/"))) {
            return;
        }
        if (resource != null
                && resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(OpsPublic.class)
                        || resource.getResourceClass().isAnnotationPresent(OpsPublic.class))) {
            return;
        }
        var presented = request.getHeaderString(OpsToken.HEADER);
        if (presented == null) {
            Cookie cookie = request.getCookies().get(OpsSessions.COOKIE);
            if (cookie != null && sessions.valid(cookie.getValue())) {
                if (changes(request.getMethod())
                        && !SameOrigin.matches(request.getHeaderString("Origin"), request.getHeaderString("Host"))) {
                    request.abortWith(Response.status(403)
                            .type(Problem.MEDIA_TYPE)
                            .entity(Problem.of(
                                    403,
                                    "Forbidden",
                                    "A change to the shop must come from the ops page itself (Origin)",
                                    path))
                            .build());
                }
                return;
            }
        }
        if (!token.matches(presented)) {
            var detail = token.configured()
                    ? "Send the ops token in the " + OpsToken.HEADER + " header (./shop up prints it)"
                    : "No ops token is configured on this service (shop.ops-token), so ops endpoints are closed";
            request.abortWith(Response.status(401)
                    .type(Problem.MEDIA_TYPE)
                    .header("WWW-Authenticate", "OpsToken")
                    .entity(Problem.of(401, "Unauthorized", detail, path))
                    .build());
        }
    }

    private static boolean changes(String method) {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }
}
