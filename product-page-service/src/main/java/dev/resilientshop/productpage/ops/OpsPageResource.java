package dev.resilientshop.productpage.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.ops.OpsPublic;
import dev.resilientshop.kit.ops.OpsSessions;
import dev.resilientshop.kit.ops.OpsToken;
import dev.resilientshop.kit.problem.ApiException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ops page: where a person breaks the shop on purpose and watches what the patterns do.
 * {@code GET /ops} asks for the ops token once (a login form, {@link OpsLoginResource}: a
 * server-side session id then rides in an HttpOnly, SameSite=Strict cookie), then shows every service with its health and faults, and
 * every caller's dependencies live (breaker, bulkhead or adaptive limit, p50/p99, rates),
 * polling {@code /ops/api/overview} every second. Everything under {@code /ops} except the login
 * form needs the token or a session (shop-kit's OpsTokenFilter, which also checks Origin on changes).
 */
@Path("/ops")
class OpsPageResource {

    /** One service as the dashboard shows it. */
    public record ServiceView(
            String name,
            String url,
            boolean caller,
            boolean self,
            boolean up,
            boolean ready,
            JsonNode health,
            JsonNode state,
            String error,
            Map<String, String> commands) {}

    public record Overview(Instant at, boolean launcher, Tracing tracing, List<ServiceView> services) {}

    /**
     * Whether tracing is on, and the slowest product page of the last minute: its path, time and
     * trace id, and {@code url}, the trace in the viewer, when {@code shop.tracing.trace-url} says
     * where the viewer is.
     */
    public record Tracing(boolean on, SlowPage slowestPage) {}

    public record SlowPage(String path, long millis, String traceId, String url) {}

    private final OpsTopology topology;
    private final OpsClient client;
    private final OpsToken token;
    private final OpsSessions sessions;
    private final Launcher launcher;
    private final ObjectMapper json;
    private final Template login;
    private final Template dashboard;
    private final SlowestPage slowest;
    private final Optional<String> traceUrl;

    /**
     * {@code shop.tracing.trace-url}: where the viewer shows one trace, {@code {traceId}} standing
     * for its id ({@code ./shop up --with-tracing} sets Zipkin's, compose Jaeger's).
     */
    OpsPageResource(
            OpsTopology topology,
            OpsClient client,
            OpsToken token,
            OpsSessions sessions,
            Launcher launcher,
            ObjectMapper json,
            @Location("ops/login.html") Template login,
            @Location("ops/dashboard.html") Template dashboard,
            SlowestPage slowest,
            @ConfigProperty(name = "shop.tracing.trace-url") Optional<String> traceUrl) {
        this.slowest = slowest;
        this.traceUrl = traceUrl.filter(u -> !u.isBlank());
        this.topology = topology;
        this.client = client;
        this.token = token;
        this.sessions = sessions;
        this.launcher = launcher;
        this.json = json;
        this.login = login;
        this.dashboard = dashboard;
    }

    @GET
    @OpsPublic
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@CookieParam(OpsSessions.COOKIE) String session) {
        if (!sessions.valid(session)) {
            return login.data("error", null).data("configured", token.configured());
        }
        return dashboard.data("nodes", topology.nodes()).data("launcher", launcher.available());
    }

    @GET
    @Path("api/overview")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Overview> overview() {
        var views = topology.nodes().stream().map(this::look).toList();
        return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
                .thenApply(done -> new Overview(
                        Instant.now(),
                        launcher.available(),
                        tracing(),
                        views.stream().map(CompletableFuture::join).toList()));
    }

    private Tracing tracing() {
        var page = slowest.slowest()
                .map(p -> new SlowPage(
                        p.path(),
                        p.millis(),
                        p.traceId(),
                        traceUrl.map(u -> u.replace("{traceId}", p.traceId())).orElse(null)));
        return new Tracing(slowest.tracing(), page.orElse(null));
    }

    private CompletableFuture<ServiceView> look(OpsTopology.Node node) {
        var health = client.get(node.url(), "/q/health/ready");
        var state = client.get(node.url(), "/ops/state");
        return health.thenCombine(
                state,
                (h, s) -> new ServiceView(
                        node.name(),
                        node.url(),
                        node.caller(),
                        node.self(),
                        h.status() != 0,
                        h.status() == 200,
                        h.body(),
                        s.ok() ? s.body() : null,
                        h.error() != null ? h.error() : (s.ok() ? null : "ops state: HTTP " + s.status()),
                        Map.of(
                                "stop",
                                launcher.command("stop", node.name()),
                                "kill",
                                launcher.command("kill", node.name()),
                                "start",
                                launcher.command("start", node.name()))));
    }

    @PUT
    @Path("api/services/{name}/chaos")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> chaos(@PathParam("name") String name, JsonNode body) {
        return forward(client.put(node(name).url(), "/ops/chaos", body == null ? "{}" : body.toString()));
    }

    @DELETE
    @Path("api/services/{name}/chaos")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> chaosOff(@PathParam("name") String name) {
        return forward(client.delete(node(name).url(), "/ops/chaos"));
    }

    @PUT
    @Path("api/services/{name}/mode")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> mode(@PathParam("name") String name, JsonNode body) {
        var node = node(name);
        if (!node.caller()) {
            throw ApiException.badRequest(name + " calls no dependency: it has no resilience mode");
        }
        return forward(client.put(node.url(), "/ops/resilience", body == null ? "{}" : body.toString()));
    }

    @POST
    @Path("api/services/{name}/{action}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response process(@PathParam("name") String name, @PathParam("action") String action) throws IOException {
        var node = node(name);
        if (!Launcher.ACTIONS.contains(action)) {
            throw ApiException.notFound("Action", action);
        }
        var command = launcher.command(action, name);
        if (node.self()) {
            throw ApiException.conflict(
                    "The ops page runs in " + name + ": run this yourself: " + command, Map.of("command", command));
        }
        if (!launcher.available()) {
            throw ApiException.conflict(
                    "Not running under ./shop: run this yourself: " + command, Map.of("command", command));
        }
        launcher.run(action, name);
        return Response.accepted(Map.of("command", command)).build();
    }

    private OpsTopology.Node node(String name) {
        var node = topology.find(name);
        if (node == null) {
            throw ApiException.notFound("Service", name);
        }
        return node;
    }

    private CompletionStage<Response> forward(CompletableFuture<OpsClient.Reply> reply) {
        return reply.thenApply(r -> r.status() == 0
                ? Response.status(502)
                        .type("application/problem+json")
                        .entity(Map.of(
                                "type",
                                "about:blank",
                                "title",
                                "Bad gateway",
                                "status",
                                502,
                                "detail",
                                "the service did not answer: " + r.error()))
                        .build()
                : Response.status(r.status())
                        .type(r.ok() ? MediaType.APPLICATION_JSON : "application/problem+json")
                        .entity(r.body() == null ? json.createObjectNode() : r.body())
                        .build());
    }
}
