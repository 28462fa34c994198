package dev.resilientshop.productpage.ops;

import dev.resilientshop.kit.ops.OpsPublic;
import dev.resilientshop.kit.ops.OpsSessions;
import dev.resilientshop.kit.ops.OpsToken;
import dev.resilientshop.kit.problem.Problem;
import dev.resilientshop.kit.web.SameOrigin;
import dev.resilientshop.productpage.edge.ClientAddress;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.ratelimit.RateLimiter;
import dev.resilientshop.resilience.ratelimit.RateLimiterConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Logging in to and out of the ops page. What it prevents:
 * <ul>
 * <li>guessing the token at full speed: {@code shop.ops.login.attempts} (5) tries per client,
 *     one more every {@code 60 / shop.ops.login.attempts-per-minute} s (6 a minute), then 429;</li>
 * <li>the master token in a cookie: the browser gets a random session id ({@link OpsSessions}),
 *     HttpOnly, SameSite=Strict, {@code Max-Age} of the session, {@code Secure} over TLS;</li>
 * <li>a login or logout posted by another site's page (login CSRF): refused when an
 *     {@code Origin} header names another origin.</li>
 * </ul>
 */
@Path("/ops")
class OpsLoginResource {

    private final OpsToken token;
    private final OpsSessions sessions;
    private final ClientAddress clients;
    private final RateLimiter attempts;
    private final Template login;

    OpsLoginResource(
            OpsToken token,
            OpsSessions sessions,
            ClientAddress clients,
            Clock clock,
            @ConfigProperty(name = "shop.ops.login.attempts", defaultValue = "5") int burst,
            @ConfigProperty(name = "shop.ops.login.attempts-per-minute", defaultValue = "6") double perMinute,
            @Location("ops/login.html") Template login) {
        this.token = token;
        this.sessions = sessions;
        this.clients = clients;
        this.attempts = RateLimiter.of(
                "ops-login",
                RateLimiterConfig.builder()
                        .capacity(burst)
                        .refillPerSecond(perMinute / 60)
                        .clock(clock)
                        .build());
        this.login = login;
    }

    @POST
    @Path("login")
    @OpsPublic
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response login(@FormParam("token") String presented, RoutingContext routing) {
        if (foreign(routing)) {
            return forbidden();
        }
        var decision = attempts.tryAcquire(clients.keyOf(routing));
        if (!decision.allowed()) {
            long retryAfter = Math.max(1, decision.retryAfterSeconds());
            return Response.status(429)
                    .header("Retry-After", retryAfter)
                    .entity(page("Too many attempts: wait " + retryAfter + " s before trying again."))
                    .build();
        }
        if (!token.matches(presented == null ? null : presented.strip())) {
            return Response.status(401)
                    .entity(page("That is not the ops token. ./shop up prints it, and writes it to .shop/ops-token."))
                    .build();
        }
        var secure = routing.request().isSSL() ? "; Secure" : "";
        return Response.seeOther(URI.create("/ops"))
                .header(
                        "Set-Cookie",
                        OpsSessions.COOKIE + "=" + sessions.create() + "; Path=/ops; Max-Age="
                                + sessions.ttl().toSeconds() + "; HttpOnly; SameSite=Strict" + secure)
                .build();
    }

    @POST
    @Path("logout")
    @OpsPublic
    public Response logout(@CookieParam(OpsSessions.COOKIE) String session, RoutingContext routing) {
        if (foreign(routing)) {
            return forbidden();
        }
        sessions.end(session);
        return Response.seeOther(URI.create("/ops"))
                .header("Set-Cookie", OpsSessions.COOKIE + "=; Path=/ops; Max-Age=0; HttpOnly; SameSite=Strict")
                .build();
    }

    private String page(String error) {
        return login.data("error", error).data("configured", token.configured()).render();
    }

    /** An Origin header that names another site; no header at all is a non-browser client and passes. */
    private static boolean foreign(RoutingContext routing) {
        var origin = routing.request().getHeader("Origin");
        return origin != null && !SameOrigin.matches(origin, routing.request().getHeader("Host"));
    }

    private static Response forbidden() {
        return Response.status(403)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(403, "Forbidden", "The ops login takes posts from the ops page only", "/ops/login"))
                .build();
    }
}
