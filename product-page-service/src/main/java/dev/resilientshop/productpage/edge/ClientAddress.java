package dev.resilientshop.productpage.edge;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who a request comes from, for the rate limit and the ops login throttle. The failure it
 * prevents: a client that writes {@code X-Forwarded-For: <anything>} and so gets a fresh token
 * bucket on every request (the old rule believed the header's first address from any local peer).
 *
 * <p>The rule (RFC 7239 practice): only hops in {@code shop.rate-limit.trusted-proxies} (CIDR
 * ranges, comma-separated; none by default) are believed. Starting from the peer, walk
 * {@code X-Forwarded-For} from the right while the address is a trusted proxy; the first one
 * that is not is the client. Anything left of it was written by the client itself and is
 * ignored. An entry that is not an IP literal stops the walk at the proxy that appended it.
 *
 * <p>The key: an IPv4 address as is; an IPv6 address by its /64, because one subscriber gets a
 * whole /64 and could otherwise take a new address (and bucket) per request.
 */
@ApplicationScoped
public class ClientAddress {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final List<Cidr> trusted;

    ClientAddress(@ConfigProperty(name = "shop.rate-limit.trusted-proxies") Optional<List<String>> trusted) {
        this.trusted = trusted.orElse(List.of()).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Cidr::parse)
                .toList();
    }

    public static ClientAddress trusting(String... cidrs) {
        return new ClientAddress(Optional.of(List.of(cidrs)));
    }

    /** The rate-limit key of this request's client. */
    public String keyOf(RoutingContext routing) {
        var peer = routing.request().remoteAddress() == null
                ? null
                : routing.request().remoteAddress().hostAddress();
        return keyOf(peer, routing.request().headers().getAll("X-Forwarded-For"));
    }

    String keyOf(String peer, List<String> forwardedFor) {
        var client = parse(peer);
        if (client == null) {
            return "unknown";
        }
        var hops = new ArrayList<String>();
        for (var header : forwardedFor) {
            for (var part : header.split(",")) {
                hops.add(part.strip());
            }
        }
        for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
            var hop = parse(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
        }
        return key(client);
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(c -> c.contains(address));
    }

    static String key(InetAddress address) {
        var bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        var sb = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            sb.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                    .append(':');
        }
        return sb.append(":/64").toString();
    }

    /** An IP literal, or null: never a DNS lookup (the pattern admits only digits, hex, dots and colons). */
    static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        var s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (!LITERAL.matcher(s).matches()
                || !(s.contains(":") || s.chars().filter(c -> c == '.').count() == 3)) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** One trusted range, e.g. {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a /32 or /128. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            var address = ClientAddress.parse(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException(
                        "shop.rate-limit.trusted-proxies: '" + text + "' is not an address or CIDR range");
            }
            int max = address.getAddress().length * 8;
            int bits =
                    slash < 0 ? max : Integer.parseInt(text.substring(slash + 1).strip());
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException(
                        "shop.rate-limit.trusted-proxies: prefix of '" + text + "' must be in [0, " + max + "]");
            }
            return new Cidr(address.getAddress(), bits);
        }

        boolean contains(InetAddress address) {
            var bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
