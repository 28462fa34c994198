package dev.resilientshop.kit.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * An RFC 9457 problem document. The five standard members come first; extension members
 * (such as {@code errors}, {@code sku} or {@code reason}) are flattened into the same object,
 * as the RFC asks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @JsonAnyGetter
    public Map<String, Object> any() {
        return extensions == null ? Map.of() : extensions;
    }

    /** A stable, documented type URI per status; "about:blank" would say nothing to a reader. */
    static String typeFor(int status) {
        return switch (status) {
            case 400 -> "https://resilient-shop.dev/problems/bad-request";
            case 401 -> "https://resilient-shop.dev/problems/unauthorized";
            case 402 -> "https://resilient-shop.dev/problems/payment-declined";
            case 404 -> "https://resilient-shop.dev/problems/not-found";
            case 409 -> "https://resilient-shop.dev/problems/conflict";
            case 413 -> "https://resilient-shop.dev/problems/too-large";
            case 422 -> "https://resilient-shop.dev/problems/invalid-request";
            case 429 -> "https://resilient-shop.dev/problems/rate-limited";
            case 503 -> "https://resilient-shop.dev/problems/unavailable";
            case 504 -> "https://resilient-shop.dev/problems/timeout";
            default ->
                status >= 500
                        ? "https://resilient-shop.dev/problems/server-error"
                        : "https://resilient-shop.dev/problems/client-error";
        };
    }

    public static Problem of(int status, String title, String detail, String instance) {
        return new Problem(typeFor(status), title, status, detail, instance, Map.of());
    }
}
