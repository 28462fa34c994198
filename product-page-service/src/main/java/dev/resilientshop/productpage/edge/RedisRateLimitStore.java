package dev.resilientshop.productpage.edge;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.ratelimit.RateLimiter;
import dev.resilientshop.resilience.ratelimit.RateLimiter.Decision;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * One token bucket per client shared by every product-page pod, kept in Redis
 * ({@code shop.rate-limit.store=redis}).
 *
 * <p>Failure it prevents: with several pods behind a load balancer, per-pod buckets give a client
 * one budget per pod (3 pods: 300 requests where seed 003's limit meant 100). Here each request
 * runs one Lua script, atomic in Redis, that refills the bucket by the time elapsed and takes a
 * token: the same capacity and refill arithmetic as the library's buckets, so the same 429 and
 * {@code Retry-After}. The key {@code <prefix>ratelimit:<client>} expires once it would have
 * refilled to full (a missing bucket is a full one), so idle clients cost Redis nothing.
 *
 * <p>The limiter must never become the outage: when Redis fails or does not answer within
 * {@code shop.rate-limit.redis-timeout} (50 ms), this request is judged by this pod's local
 * bucket instead (fail open to a per-pod budget, never to "no limit" and never to "refuse
 * everyone"), counted in {@code rate_limit_store_fallbacks_total} and logged at most once per
 * {@link #LOG_EVERY}. A script that runs after its caller gave up still took its token in Redis:
 * while Redis is slow a client may pay twice, which errs on the side of the limit. Thread-safe:
 * no state but counters.
 */
final class RedisRateLimitStore implements RateLimitStore {

    private static final Logger LOG = Logger.getLogger(RedisRateLimitStore.class);
    static final Duration LOG_EVERY = Duration.ofSeconds(30);

    /*
     * The clock is Redis's own TIME, not the caller's: pods' clocks differ (NTP keeps them within
     * milliseconds on a good day, seconds on a bad one), and a pod whose clock runs ahead would
     * refill every client's bucket early while one behind would refill nothing until it caught up.
     * One clock for all pods makes the refill exact; TIME inside a script is allowed since Redis 5
     * (effects replication). Time is kept in milliseconds, which a Lua double holds exactly.
     * Returns {allowed 0/1, whole tokens left, milliseconds until the next token}.
     */
    static final String SCRIPT = """
            local capacity = tonumber(ARGV[1])
            local perMs = tonumber(ARGV[2]) / 1000
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'ms')
            local tokens = tonumber(state[1]) or capacity
            local last = tonumber(state[2]) or now
            if now > last then
              tokens = math.min(capacity, tokens + (now - last) * perMs)
              last = now
            end
            local allowed, wait = 0, 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            else
              wait = math.ceil((1 - tokens) / perMs)
            end
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ms', string.format('%d', last))
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return {allowed, math.floor(tokens), wait}
            """;
    static final String SHA = sha1(SCRIPT);

    private final Redis redis;
    private final String keyPrefix;
    private final String capacity;
    private final String refillPerSecond;
    private final String ttlMillis;
    private final Duration timeout;
    private final RateLimiter local;
    private final Runnable onFallback;
    private final OncePer warning;
    private final LongAdder rejected = new LongAdder();

    /**
     * @param keyPrefix prepended to {@code ratelimit:<client>} (tests use their own)
     * @param timeout how long a request waits for Redis before its local bucket decides
     * @param local this pod's buckets, with the same capacity and refill: the fallback
     * @param onFallback called once per request judged locally (a metric)
     */
    RedisRateLimitStore(
            Redis redis,
            String keyPrefix,
            int capacity,
            double refillPerSecond,
            Duration timeout,
            RateLimiter local,
            Runnable onFallback,
            Clock clock) {
        this.redis = redis;
        this.keyPrefix = keyPrefix + "ratelimit:";
        this.capacity = Integer.toString(capacity);
        this.refillPerSecond = Double.toString(refillPerSecond);
        // an empty bucket is full again after capacity / refill; a second more so none expires early
        this.ttlMillis = Long.toString((long) Math.ceil(capacity * 1000.0 / refillPerSecond) + 1000);
        this.timeout = timeout;
        this.local = local;
        this.onFallback = onFallback;
        this.warning = new OncePer(LOG_EVERY, clock);
    }

    @Override
    public Uni<Decision> tryAcquire(String client) {
        String key = keyPrefix + client;
        return run(Command.EVALSHA, SHA, key)
                // Redis restarted or was flushed: it forgot the script, so send it once in full
                .onFailure(RedisRateLimitStore::noScript)
                .recoverWithUni(() -> run(Command.EVAL, SCRIPT, key))
                .ifNoItem()
                .after(timeout)
                .fail()
                .map(this::decision)
                .onFailure()
                .recoverWithItem(failure -> fallback(client, failure));
    }

    /** Deletes every client's bucket under this store's prefix (a missing bucket is a full one), and the local fallback's. */
    @Override
    public void reset() {
        local.reset();
        redis.send(Request.cmd(Command.EVAL).arg(RESET_SCRIPT).arg(0).arg(keyPrefix + "*"))
                .ifNoItem()
                .after(Duration.ofSeconds(2))
                .fail()
                .subscribe()
                .with(ok -> {}, failure -> LOG.warnf("rate-limit reset in Redis failed: %s", failure.toString()));
    }

    private static final String RESET_SCRIPT =
            "local c = '0' repeat local r = redis.call('SCAN', c, 'MATCH', ARGV[1], 'COUNT', 1000) "
                    + "c = r[1] for _, k in ipairs(r[2]) do redis.call('DEL', k) end until c == '0' return 1";

    private Uni<Response> run(Command command, String script, String key) {
        return redis.send(Request.cmd(command)
                .arg(script)
                .arg(1)
                .arg(key)
                .arg(capacity)
                .arg(refillPerSecond)
                .arg(ttlMillis));
    }

    private Decision decision(Response reply) {
        boolean allowed = reply.get(0).toLong() == 1;
        if (!allowed) {
            rejected.increment();
        }
        return new Decision(
                allowed, reply.get(1).toLong(), Duration.ofMillis(reply.get(2).toLong()));
    }

    private Decision fallback(String client, Throwable failure) {
        onFallback.run();
        if (warning.tryPass()) {
            LOG.warnf(
                    "rate limit: Redis failed or did not answer within %d ms (%s); each pod limits clients on its own"
                            + " until it does (logged at most every %d s)",
                    timeout.toMillis(), failure.toString(), LOG_EVERY.toSeconds());
        }
        Decision d = local.tryAcquire(client);
        if (!d.allowed()) {
            rejected.increment();
        }
        return d;
    }

    private static boolean noScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    @Override
    public long rejectedCount() {
        return rejected.sum();
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
