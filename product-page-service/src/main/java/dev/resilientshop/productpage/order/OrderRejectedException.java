package dev.resilientshop.productpage.order;

import dev.resilientshop.resilience.retry.StatusCarrier;
import java.util.List;
import java.util.Map;

/**
 * order-service said no with a 4xx problem: 402 declined (with {@code reason}), 409 out of stock
 * (with {@code sku}), 400/422 invalid (with {@code errors}). A definite answer, unlike
 * {@code DependencyUnavailableException}: retrying with the same body will not change it, and it
 * says nothing about order-service's health (no breaker failure: shop-kit's {@code HealthSignal}).
 */
public class OrderRejectedException extends RuntimeException implements StatusCarrier {

    private final int status;
    private final Map<String, Object> problem;

    public OrderRejectedException(int status, Map<String, Object> problem) {
        super("order-service answered " + status + ": " + problem.getOrDefault("detail", ""));
        this.status = status;
        this.problem = Map.copyOf(problem);
    }

    @Override
    public int status() {
        return status;
    }

    public Map<String, Object> problem() {
        return problem;
    }

    public String member(String name) {
        var value = problem.get(name);
        return value == null ? null : String.valueOf(value);
    }

    /** {@code errors: [{field, message}]} as field → message. */
    @SuppressWarnings("unchecked")
    public Map<String, String> fieldErrors() {
        var errors = new java.util.LinkedHashMap<String, String>();
        if (problem.get("errors") instanceof List<?> list) {
            for (var e : list) {
                if (e instanceof Map<?, ?> m && m.get("field") != null) {
                    errors.put(String.valueOf(m.get("field")), String.valueOf(m.get("message")));
                }
            }
        }
        return errors;
    }
}
