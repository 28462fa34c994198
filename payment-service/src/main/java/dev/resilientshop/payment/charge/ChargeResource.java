package dev.resilientshop.payment.charge;

import dev.resilientshop.kit.ops.ServiceOnly;
import dev.resilientshop.kit.problem.ApiException;
import dev.resilientshop.kit.web.IdempotencyKey;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Charges and refunds (docs/api.md, payment-service). A charge needs an Idempotency-Key (16-64
 * characters, bare or as a structured-field string: {@link IdempotencyKey}); without one a
 * retried charge could not be told from a second one. The flow and its rules live in {@link ChargeService}.
 */
@Path("/charges")
@ServiceOnly // moves money/stock: only order-service, with the service credential (issue 13)
@Produces(MediaType.APPLICATION_JSON)
public class ChargeResource {

    static final String IDEMPOTENCY_KEY = IdempotencyKey.HEADER;

    private final ChargeService service;
    private final ChargeRepository charges;
    private final Clock clock;

    ChargeResource(ChargeService service, ChargeRepository charges, Clock clock) {
        this.service = service;
        this.charges = charges;
        this.clock = clock;
    }

    /** Without {@code X-Request-Budget-Ms} a charge gets seed 003's payment timeout, 3 s; 10 s at most. */
    static final Duration DEFAULT_BUDGET = Duration.ofSeconds(3);

    static final Duration MAX_BUDGET = Duration.ofSeconds(10);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @HeaderParam(Deadline.HEADER) String budget,
            ChargeRequest request)
            throws SQLException {
        var deadline = Deadline.fromHeader(budget, DEFAULT_BUDGET, MAX_BUDGET, clock);
        var key = IdempotencyKey.parse(idempotencyKey);
        if (request == null) {
            throw ApiException.badRequest("A JSON body with orderId, amountCents, currency and card is required");
        }
        var outcome = service.charge(key, request, deadline);
        var charge = outcome.charge();
        return outcome.created()
                ? Response.created(URI.create("/charges/" + charge.id()))
                        .entity(charge)
                        .build()
                : Response.ok(charge).build();
    }

    @GET
    @Path("{id}")
    public Charge get(@PathParam("id") String id) throws SQLException {
        return charges.find(parse(id)).orElseThrow(() -> ApiException.notFound("Charge", id));
    }

    @GET
    public List<Charge> byOrder(@QueryParam("orderId") String orderId) throws SQLException {
        var order = ChargeRequest.parseUuid(orderId);
        if (order == null) {
            throw ApiException.badRequest("Query parameter orderId must be an order's UUID");
        }
        return charges.findByOrder(order);
    }

    @POST
    @Path("{id}/refund")
    public Charge refund(@PathParam("id") String id) throws SQLException {
        return service.refund(parse(id));
    }

    private static UUID parse(String id) {
        var uuid = ChargeRequest.parseUuid(id);
        if (uuid == null) {
            throw ApiException.notFound("Charge", id);
        }
        return uuid;
    }
}
