package dev.resilientshop.resilience.core;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Publishes typed event records synchronously, on the thread that caused them.
 *
 * <p>Listeners are how the metrics binding, the ops page and tests observe a pattern (tests
 * collect events into a list, not mocks). A listener that throws is logged and skipped: a
 * broken dashboard must never break the breaker it is watching.
 *
 * <p>Thread-safety: listeners may be added from any thread at any time; publishing reads a
 * copy-on-write list and allocates nothing when no one listens.
 *
 * @param <E> the event type, usually a sealed interface of records
 */
public final class EventPublisher<E> {

    private static final System.Logger LOG = System.getLogger(EventPublisher.class.getName());

    private final List<Consumer<? super E>> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; it sees every event published from now on. */
    public void subscribe(Consumer<? super E> listener) {
        listeners.add(listener);
    }

    /** True when someone listens, so callers can skip building an event nobody reads. */
    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /** Delivers {@code event} to every listener, in subscription order. */
    public void publish(E event) {
        for (Consumer<? super E> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event listener failed on " + event, e);
            }
        }
    }
}
