package dev.resilientshop.kit.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception a resource throws to answer with an RFC 9457 problem: a status, a short
 * title, a human detail and optional extension members (for example the SKU that is out of
 * stock, or the list of invalid fields). {@link ProblemMappers} turns it into
 * {@code application/problem+json}; nothing of the Java stack ever reaches the client.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final Map<String, Object> extensions;

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    public ApiException(int status, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad request", detail);
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(
                404, "Not found", what + " '" + id + "' does not exist", Map.of(what.toLowerCase(), id));
    }

    public static ApiException conflict(String detail, Map<String, Object> extensions) {
        return new ApiException(409, "Conflict", detail, extensions);
    }

    /** 422 with one entry per invalid field: {@code {"field": "items[0].quantity", "message": "must be > 0"}}. */
    public static ApiException invalid(Map<String, String> fieldErrors) {
        var errors = fieldErrors.entrySet().stream()
                .map(e -> Map.of("field", e.getKey(), "message", e.getValue()))
                .toList();
        var detail = fieldErrors.size() == 1
                ? fieldErrors.keySet().iterator().next() + " "
                        + fieldErrors.values().iterator().next()
                : fieldErrors.size() + " fields are invalid";
        return new ApiException(422, "Invalid request", detail, Map.of("errors", errors));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** The problem body, with {@code instance} set to the request path. */
    public Problem toProblem(String instance) {
        var ext = new LinkedHashMap<>(extensions);
        return new Problem(Problem.typeFor(status), title, status, getMessage(), instance, ext);
    }
}
