package dev.resilientshop.kit.client;

import dev.resilientshop.kit.resilience.HealthSignal;
import dev.resilientshop.resilience.retry.StatusCarrier;
import java.util.Map;

/**
 * A dependency answered with an error ({@link #status()} 400-599; its problem+json read into
 * {@link #type()}, {@link #title()}, {@link #detail()} and {@link #member}) or not at all
 * ({@link #status()} 0: refused, reset, timed out, or an answer that could not be read). Made by
 * {@link ProblemAnswers} only, so every caller reads a remote answer the same way.
 *
 * <p>The resilience library reads the status through {@link StatusCarrier} with shop-kit's
 * {@link HealthSignal}: 0, 408, 429 and 5xx are the dependency's failure (counted by the breaker,
 * retried when the call may be repeated); any other 4xx is the caller's fault and counts nowhere
 * (a 402 decline or a 409 "out of stock" says nothing about the dependency's health).
 */
public class DownstreamException extends RuntimeException implements StatusCarrier {

    private final String dependency;
    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final Map<String, Object> members;

    DownstreamException(
            String dependency,
            int status,
            String type,
            String title,
            String detail,
            Map<String, Object> members,
            Throwable cause) {
        super(message(dependency, status, title, detail, cause), cause, false, false);
        this.dependency = dependency;
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.members = members == null ? Map.of() : Map.copyOf(members);
    }

    private static String message(String dependency, int status, String title, String detail, Throwable cause) {
        if (status == 0) {
            return dependency + " gave no answer: " + (cause == null ? "?" : cause.toString());
        }
        var text = detail != null ? detail : title;
        return dependency + " answered " + status + (text == null ? "" : " (" + abbreviate(text) + ")");
    }

    private static String abbreviate(String text) {
        var flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }

    @Override
    public int status() {
        return status;
    }

    public String dependency() {
        return dependency;
    }

    /** The problem's {@code type} URI, or null when the answer was no problem document. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /**
     * An extension member of the problem as text ({@code sku}, {@code reason}, ...), or null.
     * Numbers come back as their decimal text.
     */
    public String member(String name) {
        var value = members.get(name);
        return value == null ? null : String.valueOf(value);
    }

    /** An extension member that is a whole number ({@code available}), or null. */
    public Integer intMember(String name) {
        return members.get(name) instanceof Number n ? n.intValue() : null;
    }

    /**
     * No answer, 408, 429 or 5xx (shop-kit's {@link HealthSignal#isDependencyFailure}, the rule the
     * breaker and the retry use): the dependency's failure, not an answer to act on.
     */
    public boolean transientFailure() {
        return HealthSignal.isDependencyFailure(status);
    }
}
