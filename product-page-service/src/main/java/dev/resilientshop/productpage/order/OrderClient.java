package dev.resilientshop.productpage.order;

import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.productpage.dependency.Answer;
import dev.resilientshop.productpage.dependency.DependencyCalls;
import dev.resilientshop.productpage.dependency.UnknownResourceException;
import dev.resilientshop.productpage.page.PageDeadline;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The door to order-service (critical for checkout). Every call goes through
 *
 * <pre>
 *   bulkhead 20( breaker( timeout = checkout budget 8 s( order-service ) ) )   no retry
 * </pre>
 *
 * <p>Failure it prevents (issue 11, item 18): checkout and the order page called order-service
 * with no pipeline, blocking a worker of the pool every page shares for up to the 10 s read
 * timeout, so a slow order-service queued product pages behind checkouts (seed 002's cascade,
 * with order-service in the role of the slow query). Now:
 * <ul>
 * <li>The calls are non-blocking ({@code Uni}): nothing holds a worker thread while
 * order-service thinks ({@code CheckoutResource} and the JSON API return the future).
 * <li>Bulkhead ({@code shop.dependency.order.bulkhead.max-concurrent-calls}, 20): at most that many checkouts wait on
 * order-service at once; the next one answers 503 "please try again" at once.
 * <li>Breaker: 5 consecutive failures; a 4xx (declined, out of stock,
 * invalid, in flight) is a business answer and passes as an {@link Answer}: never a failure.
 * <li>Deadline: placing an order has the checkout budget, the dependency's timeout
 * ({@code shop.dependency.order.timeout}, 8 s; one attempt, so the two are the same),
 * sent as {@code X-Request-Budget-Ms} so order-service derives its saga's deadlines from it (seed
 * 003's payment 3 s fits inside); reading an order has what is left of the page's 500 ms.
 * <li>No retry: the saga resumes by key, and the person pressing "Place order" again with the
 * same {@code Idempotency-Key} is the retry. Placing an order is not idempotent by itself, so
 * every call carries the key rendered into the checkout form.
 * </ul>
 * Outcomes: the order (201 new, 200 replayed), {@link OrderRejectedException} for a definite no,
 * {@code DependencyUnavailableException} when we do not know (deadline, 5xx, bulkhead full,
 * breaker open), which is exactly when the same key must be reused. Naive mode: plain calls with
 * the client's 10 s read timeout. Declared under {@code shop.dependency.order.*}, built by shop-kit's
 * {@link DependencyPipelines}.
 */
@ApplicationScoped
public class OrderClient {

    static final String DEPENDENCY = "order";

    private final OrderApi api;
    private final ResilienceMode mode;
    private final PageDeadline page;
    private final Clock clock;
    private final Duration checkoutBudget;
    private final ResiliencePipeline pipeline;
    private final SharedPool naive;

    OrderClient(
            @RestClient OrderApi api,
            ResilienceMode mode,
            PageDeadline page,
            Clock clock,
            DependencyPipelines pipelines,
            SharedPool naive) {
        this.api = api;
        this.naive = naive;
        this.mode = mode;
        this.page = page;
        this.clock = clock;
        this.checkoutBudget = pipelines.config(DEPENDENCY).timeout();
        this.pipeline = pipelines.pipeline(DEPENDENCY); // shop.dependency.order.*
    }

    /** Places the order; completes with the order, or fails with one of the exceptions above. */
    public CompletableFuture<Placed> place(String idempotencyKey, OrderRequest request) {
        Function<String, Uni<Placed>> call = budget -> api.place(idempotencyKey, budget, request)
                .map(response -> new Placed(response.getStatus(), response.getEntity()));
        if (mode.isNaive()) {
            return naive(null, null, () -> call.apply(String.valueOf(checkoutBudget.toMillis())));
        }
        return through(Deadline.after(checkoutBudget, clock), null, null, call);
    }

    /** Reads an order within the page's deadline; fails with {@link UnknownResourceException} for an id order-service does not know. */
    public CompletableFuture<Order> get(String id) {
        Function<String, Uni<Order>> call = budget -> api.get(id, budget);
        if (mode.isNaive()) {
            return naive("Order", id, () -> call.apply(null));
        }
        return through(page.deadline(), "Order", id, call);
    }

    private <T> CompletableFuture<T> through(Deadline deadline, String what, String id, Function<String, Uni<T>> call) {
        return pipeline.callAsync(
                        deadline, attempt -> Answer.of(plain(what, id, call.apply(DependencyCalls.budget(attempt)))))
                .thenApply(Answer::get)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(translate(what, id, e)));
    }

    /** Naive mode: the same plain call, on a connection of the one shared pool ({@link SharedPool}). */
    private <T> CompletableFuture<T> naive(String what, String id, java.util.function.Supplier<Uni<T>> call) {
        return plain(
                what,
                id,
                Uni.createFrom()
                        .completionStage(
                                () -> naive.call(DEPENDENCY, () -> call.get().subscribeAsCompletionStage())));
    }

    private static <T> CompletableFuture<T> plain(String what, String id, Uni<T> call) {
        var source = call.subscribeAsCompletionStage();
        var result = new CompletableFuture<T>();
        source.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(translate(what, id, error));
            }
        });
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                source.cancel(true);
            }
        });
        return result;
    }

    /** A 404 on a read is "no such order"; any other definite no stays order-service's own answer. */
    private static RuntimeException translate(String what, String id, Throwable failure) {
        var cause = DependencyCalls.unwrap(failure);
        if (cause instanceof OrderRejectedException rejected) {
            return rejected.status() == 404 && what != null ? new UnknownResourceException(what, id) : rejected;
        }
        return DependencyCalls.translate(DEPENDENCY, what, id, cause);
    }

    public record Placed(int status, Order order) {}
}
