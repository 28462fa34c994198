package dev.resilientshop.kit.resilience;

import dev.resilientshop.kit.chaos.Chaos;
import dev.resilientshop.kit.chaos.ChaosConfig;
import dev.resilientshop.kit.problem.ApiException;
import dev.resilientshop.kit.resilience.ResilienceMode.Pattern;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.PipelineSnapshot;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The live state feed of one service (needs the ops token, like all of {@code /ops}):
 * {@code GET /ops/state} is what the ops page polls every second: the mode, the faults this
 * service injects, and every outbound dependency's pipeline (breaker state, bulkhead or adaptive
 * limit, counters, p50/p99) and naive mode's shared pool. {@code GET/PUT /ops/resilience} reads and sets the switch:
 * {@code {"mode":"resilient"|"naive","off":["breaker",...]}}; a PUT replaces both (a missing
 * {@code mode} is resilient, a missing {@code off} turns every pattern on again), and a pattern name
 * it does not know is refused 400 with nothing changed. {@code POST /ops/resilience/reset} gives a
 * drill a clean start: breakers CLOSED, adaptive limits at their initial value, hedge latency history
 * and rate-limit buckets forgotten (204). The counters stay: they are metrics.
 */
@Path("/ops")
@Produces(MediaType.APPLICATION_JSON)
public class OpsStateResource {

    public record ModeBody(String mode, List<String> off) {
        public ModeBody(String mode) {
            this(mode, null);
        }
    }

    /** {@code sharedPool}: naive mode's one outbound pool (in use, waiting, by dependency), see {@link SharedPool}. */
    public record State(
            String service,
            String mode,
            List<String> off,
            ChaosConfig chaos,
            List<PipelineSnapshot> dependencies,
            SharedPool.Snapshot sharedPool,
            Instant at) {}

    private static final Logger LOG = Logger.getLogger(OpsStateResource.class);

    private final PipelineRegistry pipelines;
    private final ResilienceMode mode;
    private final Chaos chaos;
    private final String instance;
    private final Event<ResilienceReset> resets;
    private final SharedPool sharedPool;

    OpsStateResource(
            PipelineRegistry pipelines,
            ResilienceMode mode,
            Chaos chaos,
            Event<ResilienceReset> resets,
            SharedPool sharedPool,
            @ConfigProperty(name = "shop.instance", defaultValue = "${quarkus.application.name}") String instance) {
        this.pipelines = pipelines;
        this.resets = resets;
        this.sharedPool = sharedPool;
        this.mode = mode;
        this.chaos = chaos;
        this.instance = instance;
    }

    @GET
    @Path("state")
    public State state() {
        return new State(
                instance,
                mode.get().label(),
                offLabels(),
                chaos.current(),
                pipelines.snapshots(),
                sharedPool.snapshot(),
                Instant.now());
    }

    @GET
    @Path("resilience")
    public ModeBody mode() {
        return new ModeBody(mode.get().label(), offLabels());
    }

    /** The patterns switched off by name, in the order of {@link Pattern}; naive mode lists them all. */
    private List<String> offLabels() {
        var off = mode.isNaive() ? EnumSet.allOf(Pattern.class) : mode.off();
        return off.stream().map(Pattern::label).toList();
    }

    @PUT
    @Path("resilience")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModeBody setMode(ModeBody body) {
        if (body == null || (body.mode() == null && body.off() == null)) {
            throw ApiException.invalid(Map.of("mode", "must be \"resilient\" or \"naive\""));
        }
        var label = body.mode() == null ? "resilient" : body.mode();
        if (!(label.equals("resilient") || label.equals("naive"))) {
            throw ApiException.invalid(Map.of("mode", "must be \"resilient\" or \"naive\""));
        }
        var off = EnumSet.noneOf(Pattern.class);
        var unknown = new ArrayList<String>();
        for (var name : body.off() == null ? List.<String>of() : body.off()) {
            Pattern.of(name).ifPresentOrElse(off::add, () -> unknown.add(String.valueOf(name)));
        }
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("unknown pattern " + unknown + "; the patterns are " + Pattern.labels());
        }
        mode.set(ResilienceMode.Mode.valueOf(label.toUpperCase()), off);
        return mode();
    }

    @POST
    @Path("resilience/reset")
    public void reset() {
        pipelines.all().forEach(p -> p.reset());
        resets.fire(new ResilienceReset());
        LOG.infof(
                "resilience state reset: service=%s pipelines=%d",
                instance, pipelines.all().size());
    }
}
