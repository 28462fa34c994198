package dev.resilientshop.resilience.retry;

import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Which failures are transient, i.e. worth another attempt.
 *
 * <p>Failure it prevents (seed 002 checklist: "Retry only on retryable errors (503, 502,
 * timeouts — not 400, 404)"): retrying a 400 sends the same bad request three times and triples
 * the load of every client bug. {@link #defaults()} retries 5xx (via {@link StatusCarrier}),
 * call timeouts and connection errors, and never a 4xx. HTTP adapters either throw exceptions
 * implementing {@link StatusCarrier} or supply their own classifier.
 */
@FunctionalInterface
public interface FailureClassifier {

    boolean isRetryable(Throwable failure);

    /** 5xx, call timeouts, connect errors: yes. 4xx, budget exhausted, anything else: no. */
    static FailureClassifier defaults() {
        return FailureClassifier::isTransientByDefault;
    }

    /** Retryable only when both say so (e.g. defaults, but not for this business exception). */
    default FailureClassifier and(FailureClassifier other) {
        return t -> isRetryable(t) && other.isRetryable(t);
    }

    private static boolean isTransientByDefault(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusCarrier s) {
            return s.status() >= 500 && s.status() <= 599;
        }
        if (t instanceof DeadlineExceededException d) {
            return d.isCallTimeout();
        }
        return t instanceof TimeoutException
                || t instanceof SocketTimeoutException
                || t instanceof ConnectException
                || t instanceof NoRouteToHostException
                || t instanceof HttpConnectTimeoutException
                || t instanceof HttpTimeoutException;
    }

    /** Strips the wrappers futures put around the real failure. */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
