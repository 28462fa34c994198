package dev.resilientshop.kit.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.resilience.HealthSignal;
import dev.resilientshop.resilience.deadline.Deadline;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The one way the shop's typed REST clients read what a dependency answered, for order-service's
 * and payment-service's callers alike:
 * <ul>
 * <li>an error answer (4xx or 5xx) becomes a {@link DownstreamException} with the status and the
 * RFC 9457 members of its problem+json ({@code type}, {@code title}, {@code detail} and the
 * extensions such as {@code sku} or {@code reason}); a body that is no problem document keeps its
 * text as the detail. Each client interface hands its answers here from its
 * {@code @ClientExceptionMapper}:
 * <pre>
 *   &#64;ClientExceptionMapper
 *   static RuntimeException toException(Response answer) {
 *       return ProblemAnswers.of("pricing", answer);
 *   }
 * </pre>
 * <li>no answer (refused, reset, the attempt's time ran out) or an answer that could not be read
 * becomes a {@link DownstreamException} with status 0 ({@link #await}).
 * </ul>
 * Whether a status says anything about the dependency's health is decided in one place, shop-kit's
 * {@link HealthSignal}: every 4xx except 408 and 429 is the caller's fault (never a breaker failure,
 * never retried); 0, 408, 429 and 5xx are the dependency's.
 */
public final class ProblemAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MEMBERS = new TypeReference<>() {};

    private ProblemAnswers() {}

    /** The exception for an error answer from {@code dependency}, with its problem's members. */
    public static DownstreamException of(String dependency, Response answer) {
        String body;
        try {
            body = answer.hasEntity() ? answer.readEntity(String.class) : null;
        } catch (RuntimeException unreadable) {
            body = null;
        }
        return of(dependency, answer.getStatus(), body);
    }

    /** As {@link #of(String, Response)}, from the status and the body's text (null: none). */
    public static DownstreamException of(String dependency, int status, String body) {
        Map<String, Object> members = null;
        if (body != null && !body.isBlank()) {
            try {
                members = JSON.readValue(body, MEMBERS);
            } catch (Exception notAProblem) {
                members = null;
            }
        }
        if (members == null) {
            return new DownstreamException(
                    dependency, status, null, null, body == null || body.isBlank() ? null : body, null, null);
        }
        var extensions = new HashMap<>(members);
        var type = text(extensions.remove("type"));
        var title = text(extensions.remove("title"));
        var detail = text(extensions.remove("detail"));
        extensions.remove("status");
        extensions.remove("instance");
        return new DownstreamException(dependency, status, type, title, detail, extensions, null);
    }

    /** No answer from {@code dependency} (status 0), because of {@code cause}. */
    public static DownstreamException noAnswer(String dependency, Throwable cause) {
        return new DownstreamException(dependency, 0, null, null, null, null, cause);
    }

    /**
     * Waits for one attempt of a REST client call, at most {@code timeout}: past it the call is
     * cancelled (which closes its connection) and the attempt is a {@link DownstreamException} with
     * status 0, as is any other failure that is not already one (refused, reset, unreadable). For
     * worker threads only, never an event loop.
     */
    public static <T> T await(String dependency, Uni<T> call, Duration timeout) {
        try {
            return call.ifNoItem()
                    .after(timeout.isZero() || timeout.isNegative() ? Duration.ofMillis(1) : timeout)
                    .failWith(() -> new TimeoutException())
                    .await()
                    .indefinitely();
        } catch (DownstreamException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(dependency, e);
        }
    }

    /**
     * The {@code X-Request-Budget-Ms} value for an attempt's deadline, or null (no header) when it
     * has none: with the timeout pattern switched off the callee gets no budget from us.
     */
    public static String budget(Deadline attempt) {
        return attempt.isUnbounded() ? null : attempt.toHeaderValue();
    }

    static DownstreamException translate(String dependency, Throwable failure) {
        var cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof DownstreamException d) {
            return d;
        }
        if (cause instanceof WebApplicationException web
                && web.getResponse() != null
                && web.getResponse().getStatus() >= 400) {
            return of(dependency, web.getResponse());
        }
        return noAnswer(dependency, cause);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
