package dev.resilientshop.kit.chaos;

import dev.resilientshop.kit.problem.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /ops/chaos}: read, set and clear this service's faults. Needs the ops token (every
 * {@code /ops} path does; see {@code OpsTokenFilter}). Example:
 * {@code curl -X PUT -H "X-Ops-Token: $TOKEN" -H 'Content-Type: application/json'
 * -d '{"latencyMs":4800}' localhost:8081/ops/chaos} slows recommendations as in seed 002.
 */
@Path("/ops/chaos")
@Produces(MediaType.APPLICATION_JSON)
public class ChaosResource {

    private final Chaos chaos;

    public ChaosResource(Chaos chaos) {
        this.chaos = chaos;
    }

    @GET
    public ChaosConfig get() {
        return chaos.current();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public ChaosConfig put(ChaosConfig config) {
        if (config == null) {
            throw ApiException.badRequest("A JSON body is required, e.g. {\"latencyMs\": 500, \"errorRate\": 0.1}");
        }
        chaos.set(config);
        return chaos.current();
    }

    @DELETE
    public ChaosConfig delete() {
        chaos.clear();
        return chaos.current();
    }
}
