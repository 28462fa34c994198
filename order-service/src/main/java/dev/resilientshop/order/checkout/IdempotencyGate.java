package dev.resilientshop.order.checkout;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.ops.CrashPoints;
import dev.resilientshop.kit.problem.ApiException;
import dev.resilientshop.resilience.deadline.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The door of POST /orders: decides, for an Idempotency-Key, whether this request may run the
 * checkout at all, and hands the order to {@link CheckoutSaga} only when it may.
 *
 * <p>Why it exists: the product page sends its key again whenever it is not sure its checkout got
 * through (a timeout, a double click, a reload, seed 002's retries), and without a gate each of those
 * would be a second order and a second charge. The key is stored UNIQUE on the order row, so the
 * row is the idempotency record (it lives in PostgreSQL, survives a restart and is shared by
 * replicas). For a key it has seen the gate answers from the row:
 * <ul>
 * <li>another body (fingerprint) → 422 "Idempotency-Key reused", naming no order: the key may be
 *     someone else's, found or guessed;</li>
 * <li>a stored final answer (201, 402, 409) → that answer again, marked replayed;</li>
 * <li>an order a person must settle (NEEDS_ATTENTION) → 200 with the order;</li>
 * <li>an attempt holding the key (its lease not over) → 409 + Retry-After: "in progress";</li>
 * <li>otherwise it takes the key's lock and the saga resumes the order from its recovery point
 *     (a 503 is never stored, so "try again" with the same key goes on where it stopped).</li>
 * </ul>
 * A key it has not seen is claimed by writing the order: priced first ({@link Pricer}, prices are
 * the server's), then inserted with the lock held ({@link OrderRepository#create}). The lease is
 * the request's budget plus {@link #LEASE_GRACE}; every later write is fenced by its token.
 * Pricing's refusals (an unknown SKU, pricing down) come back as a {@link Step.Stop} and are the
 * answer as they are: nothing was written, so the same key may simply be sent again.
 */
@ApplicationScoped
class IdempotencyGate {

    static final Duration LEASE_GRACE = Duration.ofSeconds(2);

    private final OrderRepository orders;
    private final Pricer pricer;
    private final CheckoutSaga saga;
    private final Answers answers;
    private final CrashPoints crash;
    private final ObjectMapper json;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> claims = new ConcurrentHashMap<>();

    IdempotencyGate(
            OrderRepository orders,
            Pricer pricer,
            CheckoutSaga saga,
            Answers answers,
            CrashPoints crash,
            ObjectMapper json) {
        this.orders = orders;
        this.pricer = pricer;
        this.saga = saga;
        this.answers = answers;
        this.crash = crash;
        this.json = json;
    }

    /**
     * The answer to one POST /orders. A malformed body is refused by {@link OrderRequest#validate}
     * with an {@link ApiException} (400/422) before the key is even looked up, as every resource of
     * the shop refuses input: nothing has happened yet, so there is nothing for a value to report.
     */
    Reply place(String key, OrderRequest request, Deadline deadline) throws SQLException {
        request.validate();
        var fingerprint = Fingerprint.of(request, json);
        var token = UUID.randomUUID();
        var lease = deadline.remaining().plus(LEASE_GRACE);
        for (int round = 0; round < 4; round++) {
            var existing = orders.checkout(key, null);
            if (existing.isPresent()) {
                var seen = existing.get();
                if (!seen.fingerprint().equals(fingerprint)) {
                    return reused();
                }
                if (seen.responseStatus() != null) {
                    return new Reply(seen.responseStatus(), seen.responseBody(), seen.id(), true, 0);
                }
                if (seen.status() == OrderStatus.NEEDS_ATTENTION) {
                    return new Reply(200, answers.orderJson(seen.id()), seen.id(), true, 0);
                }
                if (seen.lockLeftMs() == 0 && orders.lock(seen.id(), token, lease, false)) {
                    return saga.resume(seen.id(), token, request, deadline);
                }
                if (seen.lockLeftMs() > 0) {
                    return answers.inFlight(seen.id(), seen.lockLeftMs());
                }
                continue; // the lock was free a moment ago and someone else took it: look again
            }
            // Single flight per key in this instance: of 200 concurrent duplicates only one prices and
            // inserts; the others wait for it (within their budget) and then find the order (409 or
            // replay). Across replicas the UNIQUE key still decides.
            var mine = new CompletableFuture<Void>();
            var first = claims.putIfAbsent(key, mine);
            if (first != null) {
                awaitQuietly(first, deadline);
                continue;
            }
            try {
                var priced = pricer.price(key, fingerprint, request, deadline);
                if (priced instanceof Step.Stop<OrderRepository.NewOrder> refused) {
                    return refused.reply(); // unknown SKU (422) or pricing down (503): nothing written
                }
                var created = orders.create(((Step.Next<OrderRepository.NewOrder>) priced).value(), token, lease);
                if (created.isPresent()) {
                    claims.remove(key, mine);
                    mine.complete(null);
                    crash.reached("started");
                    return saga.resume(created.get().id(), token, request, deadline);
                }
            } finally {
                claims.remove(key, mine);
                mine.complete(null);
            }
            // a concurrent request with the same key (another replica) wrote the order first: look again
        }
        return answers.inFlight(null, 1000);
    }

    /** 422: the key came with another body. No order id here: the key may be someone else's, found or guessed. */
    private Reply reused() {
        var problem = new ApiException(
                422,
                "Idempotency-Key reused",
                "This Idempotency-Key was already used for a different request; a new checkout needs a new key");
        return answers.problem(problem, null, 0);
    }

    private static void awaitQuietly(CompletableFuture<Void> first, Deadline deadline) {
        try {
            first.get(Math.max(1, deadline.remaining().toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the first request failed or is slow: look at the key again
        }
    }
}
