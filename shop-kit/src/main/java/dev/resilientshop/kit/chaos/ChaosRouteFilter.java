package dev.resilientshop.kit.chaos;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Applies {@link Chaos} to every request before any resource sees it, on the Vert.x router, so
 * faults hit every endpoint the same way and a delay never blocks a thread (a timer resumes the
 * request). The ops, health and metrics endpoints are never touched: a drill must always be able
 * to switch chaos off and to see what is going on.
 */
@ApplicationScoped
public class ChaosRouteFilter {

    /** Before Quarkus REST and every other route. */
    static final int ORDER = -10_000;

    private final Chaos chaos;
    private final Vertx vertx;

    ChaosRouteFilter(Chaos chaos, Vertx vertx) {
        this.chaos = chaos;
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    static boolean exempt(String path) {
        return path.equals("/ops")
                || path.startsWith("/ops/")
                || path.startsWith("/q/")
                || path.startsWith("/healthz")
                || path.startsWith("/readyz");
    }

    void handle(RoutingContext ctx) {
        var path = ctx.normalizedPath();
        if (exempt(path)) {
            ctx.next();
            return;
        }
        var fault = chaos.decide(path);
        if (fault instanceof Chaos.Fault.None) {
            ctx.next();
        } else if (fault instanceof Chaos.Fault.Delay d) {
            vertx.setTimer(d.millis(), id -> ctx.next());
        } else if (fault instanceof Chaos.Fault.Error e) {
            after(e.afterMillis(), () -> answer(ctx, 500, "Internal server error", "chaos: injected error"));
        } else if (fault instanceof Chaos.Fault.Hang h) {
            // Never answer, until the cap: the caller's timeout (if it has one) decides first.
            vertx.setTimer(
                    h.afterMillis() + ChaosConfig.HANG_CAP_MS,
                    id -> answer(
                            ctx, 504, "Gateway timeout", "chaos: request hung for " + ChaosConfig.HANG_CAP_MS + " ms"));
        }
    }

    private void after(long millis, Runnable action) {
        if (millis <= 0) {
            action.run();
        } else {
            vertx.setTimer(millis, id -> action.run());
        }
    }

    private static void answer(RoutingContext ctx, int status, String title, String detail) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("X-Chaos", detail)
                .end(new JsonObject()
                        .put("type", "https://resilient-shop.dev/problems/chaos")
                        .put("title", title)
                        .put("status", status)
                        .put("detail", detail)
                        .put("instance", ctx.normalizedPath())
                        .encode());
    }
}
