package dev.resilientshop.productpage.edge;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The start-up warm-up's pass through the rate limit ({@link RateLimitFilter}): a secret made
 * anew by each process, which the warm-up ({@code dependency/DependencyWarmUp}) sends in
 * {@value #HEADER} over loopback and nobody else knows.
 *
 * <p>Why: the warm-up asks the product page itself for some 400 pages in a few seconds. With no
 * proxy trusted (the default, also under compose and Kubernetes) its {@code X-Forwarded-For} is
 * ignored and every request is client 127.0.0.1's: on a fresh {@code ./shop up} 185 of them were
 * refused with 429 at the door, so they warmed nothing behind it, and a visitor on the same
 * machine found the bucket empty when the shop said ready. A header alone would be a pass for
 * anyone; 128 random bits that never leave the process are not.
 */
@ApplicationScoped
public class WarmUpPass {

    public static final String HEADER = "X-Shop-Warm-Up";

    private final byte[] token;
    private final String text;

    public WarmUpPass() {
        var bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        this.text = HexFormat.of().formatHex(bytes);
        this.token = text.getBytes(StandardCharsets.US_ASCII);
    }

    /** What the warm-up sends in {@value #HEADER}. */
    public String token() {
        return text;
    }

    /** Whether the request carries this process's pass (compared in constant time). */
    boolean carriedBy(RoutingContext routing) {
        var sent = routing.request().getHeader(HEADER);
        return sent != null && MessageDigest.isEqual(token, sent.getBytes(StandardCharsets.US_ASCII));
    }
}
