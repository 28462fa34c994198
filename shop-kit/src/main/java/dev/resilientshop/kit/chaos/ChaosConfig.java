package dev.resilientshop.kit.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.resilientshop.kit.problem.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The faults one service injects into its own requests (seed 003's chaos middleware, made
 * adjustable at runtime). All fields optional; absent means "no such fault".
 *
 * @param latencyMs added to every matching request, 0..60000
 * @param jitterMs a uniformly random extra 0..jitterMs on top of the latency, 0..60000
 * @param errorRate share of matching requests answered 500, 0..1
 * @param hangRate share of matching requests that never answer until the client gives up
 *     (capped at {@link #HANG_CAP_MS}, then 504), 0..1
 * @param failReadiness readiness reports DOWN (an orchestrator would take the instance out)
 * @param pathPattern a regular expression; when set, only request paths it matches (whole path)
 *     get faults, e.g. {@code /stock.*}
 * @param seed makes the random choices repeatable (a drill can replay the same faults)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChaosConfig(
        Integer latencyMs,
        Integer jitterMs,
        Double errorRate,
        Double hangRate,
        Boolean failReadiness,
        String pathPattern,
        Long seed) {

    public static final int MAX_LATENCY_MS = 60_000;
    public static final int HANG_CAP_MS = 30_000;
    public static final ChaosConfig NONE = new ChaosConfig(null, null, null, null, null, null, null);

    int latency() {
        return latencyMs == null ? 0 : latencyMs;
    }

    int jitter() {
        return jitterMs == null ? 0 : jitterMs;
    }

    double errors() {
        return errorRate == null ? 0 : errorRate;
    }

    double hangs() {
        return hangRate == null ? 0 : hangRate;
    }

    boolean readinessFails() {
        return Boolean.TRUE.equals(failReadiness);
    }

    public boolean isActive() {
        return latency() > 0 || jitter() > 0 || errors() > 0 || hangs() > 0 || readinessFails();
    }

    /**
     * Checks every field; 422 problem naming each bad one. Public so that what is written down as
     * a chaos body elsewhere (the replay's scenarios) can be checked against the same rules
     * without a running service.
     */
    public ChaosConfig validated() {
        Map<String, String> errors = new LinkedHashMap<>();
        if (latencyMs != null && (latencyMs < 0 || latencyMs > MAX_LATENCY_MS)) {
            errors.put("latencyMs", "must be in [0, " + MAX_LATENCY_MS + "], but was " + latencyMs);
        }
        if (jitterMs != null && (jitterMs < 0 || jitterMs > MAX_LATENCY_MS)) {
            errors.put("jitterMs", "must be in [0, " + MAX_LATENCY_MS + "], but was " + jitterMs);
        }
        if (errorRate != null && !(errorRate >= 0 && errorRate <= 1)) {
            errors.put("errorRate", "must be in [0, 1], but was " + errorRate);
        }
        if (hangRate != null && !(hangRate >= 0 && hangRate <= 1)) {
            errors.put("hangRate", "must be in [0, 1], but was " + hangRate);
        }
        if (errorRate != null && hangRate != null && errorRate + hangRate > 1) {
            errors.put("hangRate", "errorRate + hangRate must be at most 1");
        }
        if (pathPattern != null) {
            try {
                Pattern.compile(pathPattern);
            } catch (PatternSyntaxException e) {
                errors.put("pathPattern", "is not a regular expression: " + e.getDescription());
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return this;
    }
}
