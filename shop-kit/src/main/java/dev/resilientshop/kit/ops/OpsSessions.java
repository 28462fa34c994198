package dev.resilientshop.kit.ops;

import dev.resilientshop.resilience.core.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Server-side sessions of the ops page. The failure it prevents: the browser's cookie used to be
 * the master ops token itself, so anything that read a cookie jar, a proxy log or a shoulder got
 * the key to every service, for ever. Now the cookie holds a random 256-bit id that means
 * something only to this process, expires after {@code shop.ops.session-ttl} (8 h) and ends at
 * log-out. At most {@link #MAX_SESSIONS} live at once (the oldest go first): a login loop cannot
 * fill the heap.
 *
 * <p>Thread-safe (a concurrent map). Sessions do not survive a restart: log in again.
 */
@ApplicationScoped
public class OpsSessions {

    public static final String COOKIE = "ops_session";
    static final int MAX_SESSIONS = 1000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;

    public OpsSessions(Clock clock, @ConfigProperty(name = "shop.ops.session-ttl", defaultValue = "8h") Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** A new session id, valid for the TTL. */
    public String create() {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        var id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var now = clock.now();
        expiries.values().removeIf(expiry -> !expiry.isAfter(now));
        while (expiries.size() >= MAX_SESSIONS) {
            expiries.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(e -> expiries.remove(e.getKey()));
        }
        expiries.put(id, now.plus(ttl));
        return id;
    }

    public boolean valid(String id) {
        if (id == null) {
            return false;
        }
        var expiry = expiries.get(id);
        if (expiry == null) {
            return false;
        }
        if (!expiry.isAfter(clock.now())) {
            expiries.remove(id);
            return false;
        }
        return true;
    }

    public void end(String id) {
        if (id != null) {
            expiries.remove(id);
        }
    }

    public Duration ttl() {
        return ttl;
    }
}
