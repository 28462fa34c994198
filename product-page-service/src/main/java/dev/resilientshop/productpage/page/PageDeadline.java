package dev.resilientshop.productpage.page;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The page budget of seed 002: a page has {@code shop.page.budget} (500 ms) from the moment its
 * request arrived, and every outbound call gets a deadline derived from what is left, never a
 * fresh timeout of its own ("without it, a 5-second client timeout becomes 10+ seconds via nested
 * timeouts"). The clock starts in {@link VisitorFilter}'s pre-matching filter, so time spent queueing
 * for a worker thread is already charged. One per request; the clients read it on the request's
 * thread and hand each attempt a child of it (its remaining milliseconds travel downstream in
 * {@code X-Request-Budget-Ms}).
 */
@RequestScoped
public class PageDeadline {

    private final Deadline deadline;

    PageDeadline(
            RoutingContext routing,
            Clock clock,
            @ConfigProperty(name = "shop.page.budget", defaultValue = "500ms") Duration budget) {
        long spent = System.nanoTime() - VisitorFilter.startNanos(routing);
        this.deadline = Deadline.after(budget.minusNanos(Math.max(0, spent)), clock);
    }

    public Deadline deadline() {
        return deadline;
    }
}
