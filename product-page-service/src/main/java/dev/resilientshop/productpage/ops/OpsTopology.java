package dev.resilientshop.productpage.ops;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every service the ops page watches, and where it answers. The URLs are the REST client URLs
 * the launcher and compose already give this service (one place: services.conf), plus this
 * service itself.
 */
@ApplicationScoped
class OpsTopology {

    /** One watched service; {@code caller} when it has outbound dependencies worth a live view and a mode switch. */
    public record Node(String name, String url, boolean caller, boolean self) {}

    private final List<Node> nodes;

    OpsTopology(
            @ConfigProperty(name = "quarkus.http.port") int port,
            @ConfigProperty(name = "shop.instance") String instance,
            @ConfigProperty(name = "quarkus.rest-client.recommendations.url") String recommendations,
            @ConfigProperty(name = "quarkus.rest-client.inventory.url") String inventory,
            @ConfigProperty(name = "quarkus.rest-client.inventory-secondary.url") String inventorySecondary,
            @ConfigProperty(name = "quarkus.rest-client.pricing.url") String pricing,
            @ConfigProperty(name = "quarkus.rest-client.order.url") String order,
            @ConfigProperty(name = "quarkus.rest-client.payment.url") String payment,
            @ConfigProperty(name = "quarkus.rest-client.fraud.url") String fraud) {
        this.nodes = List.of(
                new Node(instance, "http://127.0.0.1:" + port, true, true),
                new Node("recommendations", recommendations, false, false),
                new Node("inventory-primary", inventory, false, false),
                new Node("inventory-secondary", inventorySecondary, false, false),
                new Node("pricing", pricing, false, false),
                new Node("order", order, true, false),
                new Node("payment", payment, true, false),
                new Node("fraud-api", fraud, false, false));
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node find(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
    }
}
