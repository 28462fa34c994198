package dev.resilientshop.productpage.product;

import dev.resilientshop.productpage.cart.Cart;
import dev.resilientshop.productpage.page.Chrome;
import dev.resilientshop.productpage.page.PageException;
import dev.resilientshop.productpage.page.VisitorFilter;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /p/{sku}}: the page people watch while they break the shop. */
@Path("/p")
@Blocking
@Produces(MediaType.TEXT_HTML)
class ProductPageResource {

    private final ProductDetailsLoader loader;
    private final Template product;
    private final Chrome.Factory chrome;
    private final RoutingContext routing;

    ProductPageResource(
            ProductDetailsLoader loader,
            @Location("product/product.html") Template product,
            Chrome.Factory chrome,
            RoutingContext routing) {
        this.loader = loader;
        this.product = product;
        this.chrome = chrome;
        this.routing = routing;
    }

    @GET
    @Path("{sku}")
    public TemplateInstance show(@PathParam("sku") String sku) {
        if (!Cart.isValidSku(sku)) {
            throw PageException.notFound("There is no product called " + sku + ".");
        }
        var userId = VisitorFilter.userId(routing);
        ProductDetails details;
        try {
            details = loader.load(sku, userId);
        } catch (RuntimeException e) {
            throw PageException.from(e);
        }
        var view = ProductView.of(details, userId);
        return product.data("p", view)
                .data("chrome", chrome.current().withCategory(details.product().category()));
    }
}
