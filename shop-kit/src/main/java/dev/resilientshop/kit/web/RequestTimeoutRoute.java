package dev.resilientshop.kit.web;

import dev.resilientshop.resilience.deadline.Deadline;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request that carries no budget ({@value Deadline#HEADER}) still gets an answer within
 * {@code shop.http.request-timeout} (30 s): 504 problem+json if nothing was sent by then. Callers
 * inside the shop always send a budget and are bounded by it; a client from outside that sends
 * none (curl, a crawler, an attacker holding connections open) must not keep a connection and
 * its worker forever. The work itself is not interrupted (a database statement has its own 1 s
 * limit), but the client is answered and the connection can go.
 */
@ApplicationScoped
public class RequestTimeoutRoute {

    static final int ORDER = -19_000;

    private final Vertx vertx;
    private final long timeoutMillis;

    RequestTimeoutRoute(
            Vertx vertx, @ConfigProperty(name = "shop.http.request-timeout", defaultValue = "30s") Duration timeout) {
        this.vertx = vertx;
        this.timeoutMillis = timeout.toMillis();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (timeoutMillis <= 0 || ctx.request().getHeader(Deadline.HEADER) != null) {
            ctx.next();
            return;
        }
        long timer = vertx.setTimer(timeoutMillis, id -> answer(ctx));
        ctx.addEndHandler(done -> vertx.cancelTimer(timer));
        ctx.next();
    }

    private void answer(RoutingContext ctx) {
        var response = ctx.response();
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        response.setStatusCode(504)
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("Connection", "close")
                .end(new JsonObject()
                        .put("type", "https://resilient-shop.dev/problems/timeout")
                        .put("title", "Gateway timeout")
                        .put("status", 504)
                        .put(
                                "detail",
                                "The request took longer than the server's " + timeoutMillis
                                        + " ms limit for requests without " + Deadline.HEADER)
                        .put("instance", ctx.normalizedPath())
                        .encode());
    }
}
