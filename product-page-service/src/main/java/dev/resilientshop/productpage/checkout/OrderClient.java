package dev.resilientshop.productpage.checkout;

import dev.resilientshop.productpage.web.Outbound;
import dev.resilientshop.productpage.web.UnknownResourceException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The door to order-service (critical for checkout). Placing an order is NOT idempotent by
 * itself, so every call carries the {@code Idempotency-Key} rendered into the checkout form: a
 * double click, a browser retry or a later retry layer can never create a second order.
 * Outcomes: the order (201 new, 200 replayed), {@link OrderRejectedException} for a definite
 * no, {@code DependencyUnavailableException} when we do not know (timeout after 10 s, 5xx) —
 * which is exactly when the same key must be reused.
 */
@ApplicationScoped
public class OrderClient {

    static final String DEPENDENCY = "order";

    /**
     * The whole checkout saga's budget, sent as {@code X-Request-Budget-Ms}: order-service derives
     * every downstream call's deadline from it (seed 003's payment 3 s fits inside), and it stays
     * under this client's 10 s read timeout, so order-service answers before we give up on it.
     */
    static final java.time.Duration CHECKOUT_BUDGET = java.time.Duration.ofSeconds(8);

    private final OrderApi api;

    OrderClient(@RestClient OrderApi api) {
        this.api = api;
    }

    public Placed place(String idempotencyKey, OrderRequest request) {
        try {
            var response = api.place(idempotencyKey, String.valueOf(CHECKOUT_BUDGET.toMillis()), request);
            return new Placed(response.getStatus(), response.getEntity());
        } catch (OrderRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Outbound.translate(DEPENDENCY, null, null, e);
        }
    }

    /** @throws UnknownResourceException for an order id order-service does not know */
    public Order get(String id) {
        try {
            return api.get(id);
        } catch (OrderRejectedException e) {
            if (e.status() == 404) {
                throw new UnknownResourceException("Order", id);
            }
            throw Outbound.translate(DEPENDENCY, "Order", id, e);
        } catch (RuntimeException e) {
            throw Outbound.translate(DEPENDENCY, "Order", id, e);
        }
    }

    public record Placed(int status, Order order) {
    }
}
