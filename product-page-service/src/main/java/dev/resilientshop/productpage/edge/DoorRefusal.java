package dev.resilientshop.productpage.edge;

import dev.resilientshop.kit.problem.Problem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What the two guards at the product page's door share: which paths they never judge, and how
 * they turn a request away. {@link RateLimitFilter} (429, one client asked too much) and
 * {@link DoorLimit} (503, the shop is full) differ in why they refuse, not in the shape of the
 * refusal: always {@code Retry-After} (at least one second, so a browser or a client library waits
 * before it asks again), problem+json under {@code /api/}, a short HTML page for a person elsewhere.
 */
final class DoorRefusal {

    private DoorRefusal() {}

    /**
     * Never limited nor shed: health, metrics, {@code /ops} (operators need them most during a
     * storm) and the static assets ({@code /css}, {@code /img}: cacheable and free). Judged on the
     * normalised path; a raw path with dot segments never gets here ({@link EdgeRoutes} answers it 400).
     */
    static boolean exempt(String path) {
        return path.startsWith("/q/")
                || path.startsWith("/healthz")
                || path.startsWith("/readyz")
                || path.equals("/ops")
                || path.startsWith("/ops/")
                || path.startsWith("/css/")
                || path.startsWith("/img/");
    }

    /**
     * A refusal of {@code path}: {@code title} and {@code detail} in the problem+json of an API
     * call; {@code pageTitle}, {@code heading} and {@code text} on the HTML page. The caller adds
     * its own headers to the builder it gets back.
     */
    static Response.ResponseBuilder of(
            int status,
            long retryAfterSeconds,
            String path,
            String title,
            String detail,
            String pageTitle,
            String heading,
            String text) {
        long retryAfter = Math.max(1, retryAfterSeconds);
        var builder = Response.status(status).header("Retry-After", retryAfter);
        if (path.startsWith("/api/")) {
            return builder.type(Problem.MEDIA_TYPE).entity(Problem.of(status, title, detail, path));
        }
        return builder.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + pageTitle
                        + "</title>"
                        + "<link rel=\"stylesheet\" href=\"/css/shop.css\"></head><body><main class=\"error-page\">"
                        + "<p class=\"error-code\">" + status + "</p><h1>" + heading + "</h1><p>" + text
                        + "</p></main></body></html>");
    }
}
