package dev.resilientshop.kit.logging;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * One id per request, across every hop: taken from the caller's {@code X-Request-Id} when it
 * sends a sane one, made up otherwise, put in the logging MDC (so every log line and every
 * structured event of the request carries {@code requestId}) and echoed in the response. The
 * REST clients send it on ({@link RequestIdClientFilter}), next to the deadline header, so one
 * grep follows a product page view into inventory, pricing and recommendations.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** Before the chaos filter, so even an injected fault is logged under the request's id. */
    static final int ORDER = -20_000;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        var id = accept(ctx.request().getHeader(HEADER));
        MDC.put(MDC_KEY, id);
        ctx.put(MDC_KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }

    static String accept(String presented) {
        return presented != null && SANE.matcher(presented).matches() ? presented : newId();
    }

    static String newId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** The id of the request this thread works for, or null outside a request. */
    public static String current() {
        var id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }
}
