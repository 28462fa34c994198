package dev.resilientshop.order.checkout;

import dev.resilientshop.kit.problem.ApiException;
import dev.resilientshop.order.pricing.Price;
import dev.resilientshop.order.pricing.PricingClient;
import dev.resilientshop.order.pricing.PricingUnavailableException;
import dev.resilientshop.resilience.deadline.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Prices a new order on the server (never trusting a price the page showed). Runs before anything
 * is written: an unknown SKU is a 422 and pricing down is a 503, both returned as a {@link Step.Stop},
 * and in both cases nothing exists for the key yet, so the same key may simply be sent again.
 * Mixed currencies from pricing are a bug, not an answer: that one is thrown (500).
 */
@ApplicationScoped
class Pricer {

    private static final Logger LOG = Logger.getLogger(Pricer.class);

    private final PricingClient pricing;
    private final Answers answers;

    Pricer(PricingClient pricing, Answers answers) {
        this.pricing = pricing;
        this.answers = answers;
    }

    Step<OrderRepository.NewOrder> price(
            String idempotencyKey, String fingerprint, OrderRequest request, Deadline deadline) {
        var skus = request.items().stream().map(OrderRequest.Item::sku).toList();
        Map<String, Price> prices;
        try {
            prices = pricing.prices(skus, deadline);
        } catch (PricingUnavailableException e) {
            LOG.warnf("Checkout not started, pricing unavailable: %s", e.getMessage());
            var problem = new ApiException(503, "Service unavailable", "pricing unavailable, try again");
            return Step.stop(answers.problem(problem, null, 0));
        }
        Map<String, String> unknown = new LinkedHashMap<>();
        var lines = new ArrayList<Order.Line>();
        long total = 0;
        String currency = null;
        for (int i = 0; i < request.items().size(); i++) {
            var item = request.items().get(i);
            var price = prices.get(item.sku());
            if (price == null) {
                unknown.put("items[" + i + "].sku", "unknown SKU " + item.sku());
                continue;
            }
            if (currency != null && !currency.equals(price.currency())) {
                throw new IllegalStateException(
                        "pricing returned mixed currencies " + currency + " and " + price.currency());
            }
            currency = price.currency();
            lines.add(new Order.Line(item.sku(), item.quantity(), price.priceCents()));
            total += item.quantity() * price.priceCents();
        }
        if (!unknown.isEmpty()) {
            return Step.stop(answers.problem(ApiException.invalid(unknown), null, 0));
        }
        var customer = request.customer();
        return Step.next(new OrderRepository.NewOrder(
                idempotencyKey, fingerprint, customer.name(), customer.email(), lines, total, currency));
    }
}
