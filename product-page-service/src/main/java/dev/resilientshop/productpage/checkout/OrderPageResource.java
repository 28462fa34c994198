package dev.resilientshop.productpage.checkout;

import dev.resilientshop.productpage.dependency.DependencyCalls;
import dev.resilientshop.productpage.inventory.InventoryClient;
import dev.resilientshop.productpage.order.Order;
import dev.resilientshop.productpage.order.OrderClient;
import dev.resilientshop.productpage.page.Chrome;
import dev.resilientshop.productpage.page.Money;
import dev.resilientshop.productpage.page.PageException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code /orders/{id}}: the confirmation page. Product names are a nicety: without inventory, SKUs show. */
@Path("/orders")
@Blocking
@Produces(MediaType.TEXT_HTML)
class OrderPageResource {

    private final OrderClient orders;
    private final InventoryClient inventory;
    private final Template page;
    private final Chrome.Factory chrome;

    OrderPageResource(
            OrderClient orders,
            InventoryClient inventory,
            @Location("order/order.html") Template page,
            Chrome.Factory chrome) {
        this.orders = orders;
        this.inventory = inventory;
        this.page = page;
        this.chrome = chrome;
    }

    @TemplateData
    public record Line(String sku, String name, int quantity, String unitPriceText, String lineTotalText) {}

    @GET
    @Path("{id}")
    public TemplateInstance show(@PathParam("id") String id) {
        if (!id.matches("[A-Za-z0-9-]{1,64}")) {
            throw PageException.notFound("There is no order " + id + ".");
        }
        Order order;
        try {
            order = DependencyCalls.await(orders.get(id));
        } catch (RuntimeException e) {
            throw PageException.from(e);
        }
        var names = order.items().stream()
                .map(i -> inventory
                        .product(i.sku())
                        .toCompletableFuture()
                        .handle((p, err) -> p == null ? i.sku() : p.name()))
                .toList();
        CompletableFuture.allOf(names.toArray(CompletableFuture[]::new)).join();
        List<Line> lines = new java.util.ArrayList<>();
        for (int n = 0; n < order.items().size(); n++) {
            var item = order.items().get(n);
            Integer unit = item.unitPriceCents();
            lines.add(new Line(
                    item.sku(),
                    names.get(n).join(),
                    item.quantity(),
                    unit == null ? "" : Money.format(unit, order.currency()),
                    unit == null ? "" : Money.format((long) unit * item.quantity(), order.currency())));
        }
        return page.data("order", order)
                .data("lines", lines)
                .data("total", Money.format(order.totalCents(), order.currency()))
                .data("confirmed", "CONFIRMED".equals(order.status()))
                .data("chrome", chrome.current());
    }
}
