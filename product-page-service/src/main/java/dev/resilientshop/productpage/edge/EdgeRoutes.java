package dev.resilientshop.productpage.edge;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Two things every response of the product page gets, on the Vert.x router so that static files,
 * error pages and 429s are covered as well as resources:
 *
 * <ul>
 * <li><b>No dot segments.</b> A raw path with {@code .} or {@code ..} segments (also
 *     percent-encoded) is answered 400. Browsers and proxies never send them; {@code curl
 *     --path-as-is http://localhost:8080/css/../p/AUD-0004} did, and a filter that judged the raw
 *     {@code /css/} prefix let it past the rate limit while the router served the product page.</li>
 * <li><b>Browser hardening headers.</b> On HTML: a Content-Security-Policy that allows scripts,
 *     styles, images and fetches from this origin only (the templates carry no inline script or
 *     style), {@code frame-ancestors 'none'} (no clickjacking of the checkout or ops buttons), and
 *     forms that post only here. On everything: {@code X-Content-Type-Options: nosniff} and a
 *     Referrer-Policy that sends no path (an order id) to another site. Under {@code /checkout}:
 *     {@code Cache-Control: no-store}, redirects included.</li>
 * </ul>
 */
@ApplicationScoped
class EdgeRoutes {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** After shop-kit's body limit, before chaos and the resources. */
    static final int ORDER = -15_000;

    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)(\\.|%2e){1,2}(/|$|\\?|;)");

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        var response = ctx.response();
        response.headers()
                .add("X-Content-Type-Options", "nosniff")
                .add("Referrer-Policy", "strict-origin-when-cross-origin");
        ctx.addHeadersEndHandler(v -> {
            var type = response.headers().get("Content-Type");
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
                response.headers().set("Content-Security-Policy", CSP).set("X-Frame-Options", "DENY");
            }
            if (ctx.normalizedPath().startsWith("/checkout")) {
                response.headers().set("Cache-Control", "no-store");
            }
        });
        if (hasDotSegment(ctx.request().path())) {
            response.setStatusCode(400)
                    .putHeader("Content-Type", "application/problem+json")
                    .end(new JsonObject()
                            .put("type", "https://resilient-shop.dev/problems/bad-request")
                            .put("title", "Bad request")
                            .put("status", 400)
                            .put("detail", "Paths with '.' or '..' segments are not served")
                            .put("instance", ctx.normalizedPath())
                            .encode());
            return;
        }
        ctx.next();
    }

    static boolean hasDotSegment(String rawPath) {
        return rawPath != null
                && DOT_SEGMENT.matcher(rawPath.toLowerCase(Locale.ROOT)).find();
    }
}
