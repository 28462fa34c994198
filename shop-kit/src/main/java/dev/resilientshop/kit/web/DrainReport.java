package dev.resilientshop.kit.web;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * What the graceful shutdown did with the requests it found, in one log line that a person and a
 * drill (GracefulShutdownDrillTest) can count. Quarkus does the draining (quarkus.shutdown.delay
 * and quarkus.shutdown.timeout, shop-kit's microprofile-config.properties) but only says "Waiting
 * for HTTP requests to complete". This route counts the requests that are open; at SIGTERM it
 * remembers how many were in flight, then counts how each of those ended: answered (its response
 * ended) or cut (the connection closed first). The line is written when the last of them ends,
 * or, if some are still open when the service stops (no drain: they die with the process), at
 * {@link ShutdownEvent}:
 *
 * <pre>graceful shutdown: 10 requests in flight at SIGTERM: 10 answered, 0 cut, 0 still open</pre>
 */
@ApplicationScoped
public class DrainReport {

    /** Before request ids and every other route: every request is counted. */
    static final int ORDER = -30_000;

    static final String PREFIX = "graceful shutdown: ";
    private static final Logger LOG = Logger.getLogger(DrainReport.class);

    private final Count count = new Count();

    DrainReport() {
        // The JVM runs its shutdown hooks side by side on SIGTERM: this one marks the moment,
        // while Quarkus's own hook starts the drain.
        Runtime.getRuntime().addShutdownHook(new Thread(this::sigterm, "drain-report"));
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        boolean beforeSigterm = count.started();
        ctx.addEndHandler(done -> count.ended(beforeSigterm, done.succeeded()).ifPresent(LOG::info));
        ctx.next();
    }

    void sigterm() {
        count.sigterm().ifPresent(LOG::info);
    }

    void stopping(@Observes ShutdownEvent event) {
        sigterm(); // in case the event comes before the hook has run
        count.stopping().ifPresent(LOG::info);
    }

    /**
     * The bookkeeping, without Vert.x. Every request passes {@link #started} and {@link #ended}:
     * before SIGTERM that is one atomic increment and one decrement of {@code state}, no lock.
     * The lock is taken only from SIGTERM on, for the report.
     */
    static final class Count {
        /** Set in {@code state} from SIGTERM on; the bits below it count the open requests. */
        private static final int TERMINATING = 1 << 30;

        private final AtomicInteger state = new AtomicInteger();
        // the rest is guarded by this
        private boolean terminating;
        private boolean settled;
        private int inFlightAtSigterm;
        private int answered;
        private int cut;

        /** A request starts; true when it started before SIGTERM (then it is in {@code inFlightAtSigterm}). */
        boolean started() {
            return (state.getAndIncrement() & TERMINATING) == 0;
        }

        /** A request ended; the report line when it was the last one in flight at SIGTERM. */
        Optional<String> ended(boolean beforeSigterm, boolean responded) {
            if ((state.getAndDecrement() & TERMINATING) == 0 || !beforeSigterm) {
                return Optional.empty(); // no SIGTERM yet (this one is not in the count), or started after it
            }
            synchronized (this) { // sigterm() set the flag under this lock: inFlightAtSigterm is written
                if (responded) {
                    answered++;
                } else {
                    cut++;
                }
                return settle();
            }
        }

        /** SIGTERM arrived (only the first call counts); the report line at once if nothing was in flight. */
        synchronized Optional<String> sigterm() {
            if (terminating) {
                return Optional.empty();
            }
            terminating = true;
            inFlightAtSigterm = state.getAndUpdate(s -> s | TERMINATING) & ~TERMINATING;
            return settle();
        }

        /**
         * The service stops: the report line with those still open, unless every request in flight
         * at SIGTERM has ended and was reported already. (Should the last one end just after this,
         * its settled line follows: the last line is the final word.)
         */
        synchronized Optional<String> stopping() {
            return settled ? Optional.empty() : Optional.of(line());
        }

        private Optional<String> settle() {
            if (settled || answered + cut < inFlightAtSigterm) {
                return Optional.empty();
            }
            settled = true;
            return Optional.of(line());
        }

        private String line() {
            return PREFIX + inFlightAtSigterm + " requests in flight at SIGTERM: " + answered + " answered, " + cut
                    + " cut, " + (inFlightAtSigterm - answered - cut) + " still open";
        }
    }
}
