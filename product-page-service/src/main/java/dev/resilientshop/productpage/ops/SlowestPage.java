package dev.resilientshop.productpage.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The slowest product page ({@code /p/...}) of the last {@link #WINDOW} and its trace id, so the
 * ops page can link to the one trace worth opening first (docs/tracing.md, "The slowest page's
 * trace"): with a dependency slowed, it is the page that waited for it.
 *
 * <p>Fed by {@link SlowestPageFilter}, only with tracing on. A sliding-window maximum: a page
 * is kept only while no later page was at least as slow, so at most a few entries stay however
 * many pages are served, and the head is the slowest of the window. Thread-safe.
 */
@ApplicationScoped
class SlowestPage {

    static final Duration WINDOW = Duration.ofSeconds(60);

    /** One page: how long it took, which trace it was, and when it ended ({@code System.nanoTime()}). */
    public record Page(String path, long millis, String traceId, long endedNanos) {}

    private final boolean on;
    private final LongSupplier nanoTime;
    private final ArrayDeque<Page> slowest = new ArrayDeque<>();

    @Inject
    SlowestPage(@ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean tracingOff) {
        this(!tracingOff, System::nanoTime);
    }

    SlowestPage(boolean on, LongSupplier nanoTime) {
        this.on = on;
        this.nanoTime = nanoTime;
    }

    /** Whether tracing is on in this service: without it there is no trace to link to, and nothing is kept. */
    public boolean tracing() {
        return on;
    }

    /** Notes a page served as part of trace {@code traceId}, if it is among the slowest of the window. */
    synchronized void record(String path, long millis, String traceId) {
        if (!on) {
            return;
        }
        long now = nanoTime.getAsLong();
        expire(now);
        while (!slowest.isEmpty() && slowest.peekLast().millis() <= millis) {
            slowest.pollLast(); // never the slowest again: this page is at least as slow and leaves the window later
        }
        slowest.addLast(new Page(path, millis, traceId, now));
    }

    /** The slowest page that ended in the last {@link #WINDOW}, if any. */
    public synchronized Optional<Page> slowest() {
        expire(nanoTime.getAsLong());
        return Optional.ofNullable(slowest.peekFirst());
    }

    /** Forgets every page (tests). */
    synchronized void clear() {
        slowest.clear();
    }

    private void expire(long now) {
        while (!slowest.isEmpty() && now - slowest.peekFirst().endedNanos() > WINDOW.toNanos()) {
            slowest.pollFirst();
        }
    }
}
