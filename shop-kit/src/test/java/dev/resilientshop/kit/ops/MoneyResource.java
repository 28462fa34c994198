package dev.resilientshop.kit.ops;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in for payment's refund: counts the refunds that got through the filter. */
@Path("/test/money")
public class MoneyResource {

    static final AtomicInteger REFUNDS = new AtomicInteger();

    @POST
    @Path("{id}/refund")
    @ServiceOnly
    public String refund() {
        return "refund " + REFUNDS.incrementAndGet();
    }

    /** Not annotated: reads stay open to whoever may reach the service. */
    @GET
    @Path("{id}")
    public String show() {
        return "charge";
    }
}
