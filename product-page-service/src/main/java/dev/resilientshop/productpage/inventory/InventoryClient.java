package dev.resilientshop.productpage.inventory;

import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.productpage.dependency.Answer;
import dev.resilientshop.productpage.dependency.DependencyCalls;
import dev.resilientshop.productpage.dependency.DependencyUnavailableException;
import dev.resilientshop.productpage.dependency.Failures;
import dev.resilientshop.productpage.dependency.UnknownResourceException;
import dev.resilientshop.productpage.page.PageDeadline;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.fallback.Served;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The product page's only door to inventory (critical: no catalog, no page). Every read goes
 * through one pipeline (resilience/README.md):
 *
 * <pre>
 *   snapshot fallback( AIMD limit( breaker( retry( hedge( timeout( replica ) ) ) ) ) )   within the page deadline
 * </pre>
 *
 * <ul>
 * <li>Adaptive limit (seed 002's AIMD) instead of the fixed bulkhead of 100: starts at 100,
 * halves when a round trip exceeds twice the baseline (or fails), grows while at least half of it
 * is used. Round trips below {@code rtt-floor} count as the floor (the library's
 * {@code RttFloor}), so loopback noise is not taken for queueing.
 * <li>Breaker: 5 consecutive failures or half of the last 100 calls. A 4xx other than 408/429 (an unknown
 * SKU, a refused search) is the caller's fault: it passes through every layer as an answer
 * ({@link Answer}), so it is no breaker failure, no limit drop, no retry and no fallback.
 * <li>Retry: up to 3 attempts on transient failures (timeouts, refused, 5xx), each to the next
 * replica in the rotation, 20 ms base backoff with full jitter, never past the deadline.
 * <li>Hedge: when the first attempt has not answered after the observed p95, a second attempt
 * goes to the other replica ({@link InventoryReplicas.Pick#hedge()}); at most 5% extra calls, and
 * none while the breaker is not closed.
 * <li>Timeout: 250 ms per attempt at most, always cut to the page deadline minus 100 ms kept back
 * for rendering.
 * <li>Fallback (product and stock reads): the Redis snapshot ({@link StockSnapshot}), served with
 * the source {@code "snapshot"} so the page shows "Stock counts may lag by up to 2 minutes";
 * counted in {@code fallbacks_total{dependency="inventory",source="snapshot"}}. A 404 is never
 * papered over. Category and search listings ({@link #productsServed}) fall back to the same
 * snapshot, filtered and paged as inventory would; the category counts and carts have none.
 * </ul>
 * Every number above is declared under {@code shop.dependency.inventory.*} (application.properties)
 * and built by shop-kit's {@link DependencyPipelines}.
 * In naive mode ({@code /ops/resilience}) every read is a plain call to the primary replica with
 * only the client's 10 s read timeout, and no fallback: the "before" picture.
 */
@ApplicationScoped
public class InventoryClient {

    static final String DEPENDENCY = "inventory";
    public static final String SNAPSHOT = "snapshot";
    /** inventory-service answers at most 100 SKUs per batch (docs/api.md). */
    public static final int MAX_BATCH = 100;

    private final InventoryReplicas replicas;
    private final StockSnapshot snapshot;
    private final ResilienceMode mode;
    private final PageDeadline page;
    private final ResiliencePipeline pipeline;
    private final Timer stockReads;
    private final SharedPool naive;

    InventoryClient(
            InventoryReplicas replicas,
            StockSnapshot snapshot,
            ResilienceMode mode,
            PageDeadline page,
            DependencyPipelines pipelines,
            SharedPool naive,
            MeterRegistry meters) {
        this.replicas = replicas;
        this.snapshot = snapshot;
        this.naive = naive;
        this.mode = mode;
        this.page = page;
        this.pipeline = pipelines.pipeline(DEPENDENCY); // shop.dependency.inventory.*
        this.stockReads = Timer.builder("inventory_stock_reads")
                .description("Stock reads as the page waits for them, in both modes: from the call to the first "
                        + "answer, hedges, retries and the snapshot fallback included")
                .tag("service", pipelines.service())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    public CompletionStage<List<CategoryCount>> categories() {
        return read(InventoryReplicas.Kind.LISTING, null, null, (api, budget) -> api.categories(budget));
    }

    /**
     * A category or search page's listing, from inventory or (source {@value #SNAPSHOT}) filtered
     * and paged from the Redis snapshot ({@link StockSnapshot#listing}), so the page shows the
     * stock banner instead of a 503 while inventory fails.
     */
    public CompletionStage<Served<ProductListing>> productsServed(String category, String q, int page, int size) {
        return readServed(
                InventoryReplicas.Kind.LISTING,
                null,
                null,
                (api, budget) -> api.products(category, q, page, size, budget),
                () -> snapshot.listing(category, q, page, size));
    }

    /**
     * The named products in one read (a cart's lines); unknown SKUs are absent from the answer.
     * At most {@value #MAX_BATCH} SKUs, inventory's cap (a cart holds at most 50 lines).
     */
    public CompletionStage<List<Product>> products(List<String> skus) {
        if (skus.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        var batch = String.join(",", skus.subList(0, Math.min(MAX_BATCH, skus.size())));
        return read(
                InventoryReplicas.Kind.PRODUCT,
                null,
                null,
                (api, budget) -> api.productsBySku(batch, budget).map(ProductListing::items));
    }

    public CompletionStage<Product> product(String sku) {
        return productServed(sku).thenApply(Served::value);
    }

    public CompletionStage<Stock> stock(String sku) {
        return stockServed(sku).thenApply(Served::value);
    }

    /** The product, from inventory or (source {@value #SNAPSHOT}) from the Redis snapshot. */
    public CompletionStage<Served<Product>> productServed(String sku) {
        return readServed(
                InventoryReplicas.Kind.PRODUCT,
                "Product",
                sku,
                (api, budget) -> api.product(sku, budget),
                () -> snapshot.product(sku).orElseThrow(() -> new UnknownResourceException("Product", sku)));
    }

    /**
     * The stock count, from inventory or (source {@value #SNAPSHOT}) from the Redis snapshot. Timed
     * in {@code inventory_stock_reads_seconds}: the latency the page sees, which is what hedging
     * improves (drill 2, docs/what-happens-when/inventory-slow-tail.md).
     */
    public CompletionStage<Served<Stock>> stockServed(String sku) {
        long start = System.nanoTime();
        return readServed(
                        InventoryReplicas.Kind.STOCK,
                        "Product",
                        sku,
                        (api, budget) -> api.stock(sku, budget),
                        () -> snapshot.product(sku)
                                .map(p -> new Stock(sku, p.available(), SNAPSHOT))
                                .orElseThrow(() -> new UnknownResourceException("Product", sku)))
                .whenComplete((served, error) -> stockReads.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /** How old the snapshot in use is, in seconds (for the banner). */
    public long snapshotAgeSeconds() {
        return snapshot.ageSeconds();
    }

    private <T> CompletableFuture<T> read(
            InventoryReplicas.Kind kind, String what, String id, BiFunction<InventoryApi, String, Uni<T>> call) {
        if (mode.isNaive()) {
            return DependencyCalls.cancellable(
                    DEPENDENCY,
                    what,
                    id,
                    () -> naive.call(
                            DEPENDENCY,
                            () -> call.apply(replicas.primary(), null).subscribeAsCompletionStage()));
        }
        var pick = replicas.pick(kind);
        var caller = Context.current();
        return pipeline.readAsync(
                        page.deadline(), (attempt, child) -> attempt(caller, pick, attempt, child, what, id, call))
                .thenApply(Answer::get)
                .exceptionallyCompose(
                        e -> CompletableFuture.failedFuture(DependencyCalls.translate(DEPENDENCY, what, id, e)));
    }

    /**
     * Attempt 0 goes to the replica the rotation picked; a hedge (attempt 1) to the other one. A
     * refusal that is our fault (404, 400) comes back as an {@link Answer}, not a failure. How the
     * attempt ended goes to the replica's outlier ejection ({@link InventoryReplicas#outcome}) when
     * the pick says reads feed it ({@link InventoryReplicas.Pick#ejecting()}).
     *
     * <p>The call is made with the {@code caller}'s tracing context current: a hedge or a retry
     * starts on the resilience scheduler's thread, where the page's span is not current, and
     * without it the attempt's CLIENT span began a trace of its own (issue 16,
     * InventoryTracingTest). With tracing off the context is empty and this costs nothing.
     */
    private static <T> CompletableFuture<Answer<T>> attempt(
            Context caller,
            InventoryReplicas.Pick pick,
            int attempt,
            Deadline child,
            String what,
            String id,
            BiFunction<InventoryApi, String, Uni<T>> call) {
        var replica = attempt == 0 ? pick.attempt() : pick.hedge();
        try (var scope = caller.makeCurrent()) {
            var answer = Answer.of(DependencyCalls.cancellable(
                    DEPENDENCY,
                    what,
                    id,
                    () -> call.apply(replica.api, DependencyCalls.budget(child)).subscribeAsCompletionStage()));
            if (pick.ejecting()) {
                answer.whenComplete((value, failure) -> InventoryReplicas.outcome(replica, child, failure));
            }
            return answer;
        }
    }

    /**
     * A product or stock read with the snapshot as its fallback, through the pipeline's
     * {@code readAsync(deadline, read, fallback)}: the fallback is counted in the pipeline's
     * snapshot ({@code /ops/state}: the ops page's fallback rate for inventory) and in
     * {@code fallbacks_total{dependency="inventory",source="snapshot"}}. A 404 is never papered
     * over; a snapshot that is missing too makes the page's 503.
     */
    private <T> CompletableFuture<Served<T>> readServed(
            InventoryReplicas.Kind kind,
            String what,
            String id,
            BiFunction<InventoryApi, String, Uni<T>> call,
            Supplier<T> fromSnapshot) {
        if (mode.isNaive()) {
            return read(kind, what, id, call).thenApply(value -> new Served<>(value, DEPENDENCY, null));
        }
        var fallback = FallbackChain.<Answer<T>>builder()
                .then(SNAPSHOT, cause -> {
                    var failure = DependencyCalls.unwrap(cause);
                    if (Failures.isUnknown(failure)) {
                        throw asRuntime(failure);
                    }
                    try {
                        return Answer.of(fromSnapshot.get());
                    } catch (StockSnapshot.SnapshotUnavailableException none) {
                        throw new DependencyUnavailableException(
                                DEPENDENCY, failure.getMessage() + "; " + none.getMessage(), failure);
                    }
                })
                .build();
        var pick = replicas.pick(kind);
        var caller = Context.current();
        return pipeline.readAsync(
                        page.deadline(),
                        (attempt, child) -> attempt(caller, pick, attempt, child, what, id, call),
                        fallback)
                .thenApply(served -> new Served<>(served.value().get(), served.source(), served.reason()))
                .exceptionallyCompose(
                        e -> CompletableFuture.failedFuture(DependencyCalls.translate(DEPENDENCY, what, id, e)));
    }

    private static RuntimeException asRuntime(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
}
