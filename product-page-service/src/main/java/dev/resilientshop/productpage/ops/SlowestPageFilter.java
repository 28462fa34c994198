package dev.resilientshop.productpage.ops;

import dev.resilientshop.productpage.page.VisitorFilter;
import io.opentelemetry.api.trace.Span;
import io.vertx.ext.web.RoutingContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every product page's time (from its arrival, {@link VisitorFilter}) and trace id (its server span's,
 * current here) to {@link SlowestPage}. With tracing off there is no valid span: nothing to note.
 */
class SlowestPageFilter {

    private final SlowestPage slowest;

    SlowestPageFilter(SlowestPage slowest) {
        this.slowest = slowest;
    }

    @ServerResponseFilter
    void pageServed(RoutingContext routing) {
        if (!slowest.tracing() || !routing.request().path().startsWith("/p/")) {
            return;
        }
        var span = Span.current().getSpanContext();
        if (span.isValid()) {
            slowest.record(
                    routing.request().path(),
                    (System.nanoTime() - VisitorFilter.startNanos(routing)) / 1_000_000,
                    span.getTraceId());
        }
    }
}
