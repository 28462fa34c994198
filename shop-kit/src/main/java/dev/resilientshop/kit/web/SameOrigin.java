package dev.resilientshop.kit.web;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a browser request was made by a page of this site. The failure it prevents: a page on
 * another origin (another port of localhost counts: SameSite cookies treat every port of a host as
 * one site) posting a form to {@code /ops/api/services/payment/kill} or {@code /checkout}, and the
 * browser attaching our cookie. Browsers send {@code Origin} on every cross-origin request and on
 * every same-origin POST, PUT and DELETE; its host and port must equal the {@code Host} the
 * request was sent to.
 */
public final class SameOrigin {

    private SameOrigin() {}

    /** True when {@code origin} (the header, may be null) names the same host and port as {@code host} (the Host header). */
    public static boolean matches(String origin, String host) {
        if (origin == null || host == null || origin.isBlank() || "null".equals(origin.strip())) {
            return false;
        }
        try {
            var uri = URI.create(origin.strip());
            if (uri.getHost() == null || uri.getScheme() == null) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
            return authority(uri.getHost(), port).equals(hostHeader(host.strip(), port));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String authority(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** The Host header as host:port; without a port it is taken to be the Origin's default one. */
    private static String hostHeader(String host, int originPort) {
        int colon = host.lastIndexOf(':');
        if (colon > 0
                && host.indexOf(']') < colon
                && host.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return host.substring(0, colon).toLowerCase(Locale.ROOT) + ":" + host.substring(colon + 1);
        }
        return authority(host, originPort);
    }
}
