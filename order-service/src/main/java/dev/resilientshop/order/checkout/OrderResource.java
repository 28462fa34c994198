package dev.resilientshop.order.checkout;

import dev.resilientshop.kit.problem.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import java.net.URI;
import java.time.Duration;
import java.sql.SQLException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Orders (docs/api.md, order-service). The key's rules (after the IETF httpapi Idempotency-Key
 * draft and Stripe): missing or malformed → 400; the same key and body again → the first final
 * answer replayed, status and body, with {@value #REPLAYED}: true; the same key with another body
 * → 422; the same key while its first request is still running → 409 with Retry-After. The saga
 * and its rules live in {@link CheckoutSaga}.
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    private final CheckoutSaga saga;
    private final OrderRepository orders;
    private final Clock clock;
    private final Duration defaultBudget;
    private final Duration maxBudget;

    OrderResource(CheckoutSaga saga, OrderRepository orders, Clock clock,
            @ConfigProperty(name = "order.checkout.default-budget", defaultValue = "8s") Duration defaultBudget,
            @ConfigProperty(name = "order.checkout.max-budget", defaultValue = "15s") Duration maxBudget) {
        this.saga = saga;
        this.orders = orders;
        this.clock = clock;
        this.defaultBudget = defaultBudget;
        this.maxBudget = maxBudget;
    }

    /**
     * The key is required: without it a retried or double-clicked checkout could not be told from
     * a second purchase (seed 003: "use idempotency keys for operations that aren't naturally idempotent").
     * The caller's budget ({@code X-Request-Budget-Ms}, default 8 s, at most 15 s) bounds every call.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, @HeaderParam(Deadline.HEADER) String budget,
            OrderRequest request) throws SQLException {
        var deadline = Deadline.fromHeader(budget, defaultBudget, maxBudget, clock);
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            throw ApiException.badRequest("The " + IDEMPOTENCY_KEY + " header is required");
        }
        if (!KEY.matcher(idempotencyKey).matches()) {
            throw ApiException.badRequest(IDEMPOTENCY_KEY + " must be 8-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        if (request == null) {
            throw ApiException.badRequest("A JSON body with items, customer and payment is required");
        }
        var reply = saga.place(idempotencyKey, request, deadline);
        var response = Response.status(reply.status()).entity(reply.body())
                .type(reply.status() < 300 ? MediaType.APPLICATION_JSON : "application/problem+json");
        if (reply.status() == 201) {
            response.location(URI.create("/orders/" + reply.orderId()));
        }
        if (reply.replayed()) {
            response.header(REPLAYED, "true");
        }
        if (reply.retryAfterSeconds() > 0) {
            response.header("Retry-After", reply.retryAfterSeconds());
        }
        return response.build();
    }
    @GET
    @Path("{id}")
    public Order get(@PathParam("id") String id) throws SQLException {
        UUID uuid;
        try {
            uuid = id.length() == 36 ? UUID.fromString(id) : null;
        } catch (IllegalArgumentException e) {
            uuid = null;
        }
        if (uuid == null) {
            throw ApiException.notFound("Order", id);
        }
        return orders.find(uuid).orElseThrow(() -> ApiException.notFound("Order", id));
    }
}
