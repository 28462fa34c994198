package dev.resilientshop.order.checkout;

import dev.resilientshop.kit.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * An order body is a few hundred bytes (50 lines at most); a body declaring more than 64 KiB is
 * refused with 413 problem+json before it is read or anything is written. (Bodies without a
 * Content-Length are capped by {@code quarkus.http.limits.max-body-size}.)
 */
@Provider
@PreMatching
public class BodyLimitFilter implements ContainerRequestFilter {

    static final long MAX_BYTES = 64 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > MAX_BYTES) {
            request.abortWith(Response.status(413)
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(
                            413,
                            "Payload too large",
                            "A request body may hold at most " + MAX_BYTES + " bytes",
                            request.getUriInfo().getPath()))
                    .build());
        }
    }
}
