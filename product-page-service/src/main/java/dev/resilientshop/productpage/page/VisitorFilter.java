package dev.resilientshop.productpage.page;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The request filter that says who is browsing: an anonymous {@code uid} cookie holding one of
 * the 200 demo users ({@code u001}..{@code u200}), so recommendations are personalised from the
 * seed's purchase histories without any login. Also notes when the request arrived, for the
 * footer's timing and the page deadline.
 */
public class VisitorFilter {

    public static final String COOKIE = "uid";
    private static final Pattern DEMO_USER = Pattern.compile("u(\\d{3})");
    private static final String UID_KEY = "shop.uid";
    private static final String NEW_UID_KEY = "shop.uid.new";
    private static final String START_KEY = "shop.start";

    @ServerRequestFilter(preMatching = true)
    void arrive(RoutingContext routing) {
        routing.put(START_KEY, System.nanoTime());
        var cookie = routing.request().getCookie(COOKIE);
        var uid = cookie == null ? null : valid(cookie.getValue());
        if (uid == null && isPage(routing.request().path())) {
            uid = "u%03d".formatted(ThreadLocalRandom.current().nextInt(1, 201));
            routing.put(NEW_UID_KEY, Boolean.TRUE);
        }
        routing.put(UID_KEY, uid);
    }

    @ServerResponseFilter
    void remember(RoutingContext routing) {
        if (Boolean.TRUE.equals(routing.get(NEW_UID_KEY))) {
            routing.response()
                    .addCookie(Cookie.cookie(COOKIE, routing.get(UID_KEY))
                            .setPath("/")
                            .setMaxAge(365L * 24 * 3600)
                            .setHttpOnly(true)
                            .setSameSite(CookieSameSite.LAX));
        }
    }

    /** The demo user id, or null when the cookie is absent or not one of u001..u200. */
    public static String valid(String value) {
        if (value == null) {
            return null;
        }
        var m = DEMO_USER.matcher(value);
        if (!m.matches()) {
            return null;
        }
        int n = Integer.parseInt(m.group(1));
        return n >= 1 && n <= 200 ? value : null;
    }

    public static String userId(RoutingContext routing) {
        return routing.get(UID_KEY);
    }

    public static long startNanos(RoutingContext routing) {
        Long start = routing.get(START_KEY);
        return start == null ? System.nanoTime() : start;
    }

    private static boolean isPage(String path) {
        return !(path.startsWith("/api/")
                || path.startsWith("/q/")
                || path.startsWith("/img/")
                || path.startsWith("/css/")
                || path.startsWith("/healthz")
                || path.equals("/readyz"));
    }
}
