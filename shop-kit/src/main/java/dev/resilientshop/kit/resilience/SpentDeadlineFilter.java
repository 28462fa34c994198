package dev.resilientshop.kit.resilience;

import dev.resilientshop.kit.problem.Problem;
import dev.resilientshop.resilience.deadline.Deadline;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * A request whose caller has already given up gets no work (seed 002: "Timeout propagation
 * meant the client's 500 ms budget was respected at every hop"). When the
 * {@code X-Request-Budget-Ms} header says 0 or less, answer 504 at once instead of querying a
 * database for an answer nobody will read. Requests without the header are not affected.
 */
@Provider
@PreMatching
public class SpentDeadlineFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        var budget = request.getHeaderString(Deadline.HEADER);
        if (budget == null) {
            return;
        }
        long millis;
        try {
            millis = Long.parseLong(budget.strip());
        } catch (NumberFormatException e) {
            return; // a malformed budget is ignored, as if absent: the server's own defaults apply
        }
        if (millis <= 0) {
            var path = request.getUriInfo().getPath();
            request.abortWith(Response.status(504)
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(
                            504,
                            "Deadline spent",
                            "The caller's budget (" + Deadline.HEADER + ": " + budget
                                    + ") was already spent when the request arrived",
                            path))
                    .build());
        }
    }
}
