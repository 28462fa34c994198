package dev.resilientshop.kit.health;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The health endpoints under the names the seeds use ({@code /healthz/live}, {@code /healthz/ready},
 * {@code /readyz}; seeds 001 and 002) next to SmallRye's {@code /q/health/*}. Same checks, same
 * answers: liveness never looks at dependencies, readiness does.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class HealthAliases {

    private final SmallRyeHealthReporter reporter;

    public HealthAliases(SmallRyeHealthReporter reporter) {
        this.reporter = reporter;
    }

    @GET
    @Path("healthz")
    public Response healthz() {
        return toResponse(reporter.getLiveness());
    }

    @GET
    @Path("healthz/live")
    public Response live() {
        return toResponse(reporter.getLiveness());
    }

    @GET
    @Path("healthz/ready")
    public Response ready() {
        return toResponse(reporter.getReadiness());
    }

    @GET
    @Path("readyz")
    public Response readyz() {
        return toResponse(reporter.getReadiness());
    }

    private static Response toResponse(SmallRyeHealth health) {
        return Response.status(health.isDown() ? 503 : 200)
                .entity(health.getPayload().toString())
                .build();
    }
}
