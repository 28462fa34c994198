package dev.resilientshop.kit.resilience;

import dev.resilientshop.kit.chaos.Chaos;
import dev.resilientshop.kit.chaos.ChaosConfig;
import dev.resilientshop.kit.problem.ApiException;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.PipelineSnapshot;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live state feed of one service (needs the ops token, like all of {@code /ops}):
 * {@code GET /ops/state} is what the ops page polls every second: the mode, the faults this
 * service injects, and every outbound dependency's pipeline (breaker state, bulkhead or adaptive
 * limit, counters, p50/p99), and naive mode's shared pool. {@code GET/PUT /ops/resilience} reads and flips the
 * resilient/naive switch.
 */
@Path("/ops")
@Produces(MediaType.APPLICATION_JSON)
public class OpsStateResource {

    public record ModeBody(String mode) {
    }

    /** {@code sharedPool}: naive mode's one outbound pool (in use, waiting, by dependency), see {@link SharedPool}. */
    public record State(String service, String mode, ChaosConfig chaos, List<PipelineSnapshot> dependencies,
            SharedPool.Snapshot sharedPool, Instant at) {
    }

    private final PipelineRegistry pipelines;
    private final ResilienceMode mode;
    private final Chaos chaos;
    private final String instance;
    private final SharedPool sharedPool;

    OpsStateResource(PipelineRegistry pipelines, ResilienceMode mode, Chaos chaos, SharedPool sharedPool,
            @ConfigProperty(name = "shop.instance", defaultValue = "${quarkus.application.name}") String instance) {
        this.pipelines = pipelines;
        this.sharedPool = sharedPool;
        this.mode = mode;
        this.chaos = chaos;
        this.instance = instance;
    }

    @GET
    @Path("state")
    public State state() {
        return new State(instance, mode.get().label(), chaos.current(), pipelines.snapshots(), sharedPool.snapshot(), Instant.now());
    }

    @GET
    @Path("resilience")
    public ModeBody mode() {
        return new ModeBody(mode.get().label());
    }

    @PUT
    @Path("resilience")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModeBody setMode(ModeBody body) {
        if (body == null || body.mode() == null
                || !(body.mode().equals("resilient") || body.mode().equals("naive"))) {
            throw ApiException.invalid(Map.of("mode", "must be \"resilient\" or \"naive\""));
        }
        mode.set(ResilienceMode.Mode.valueOf(body.mode().toUpperCase()));
        return mode();
    }
}
