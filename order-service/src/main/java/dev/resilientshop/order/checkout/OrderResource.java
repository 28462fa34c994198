package dev.resilientshop.order.checkout;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Orders (docs/api.md, order-service). The key's rules (after the IETF httpapi Idempotency-Key
 * draft and Stripe): missing, malformed or shorter than 16 characters → 400 ({@link IdempotencyKey},
 * which also takes the draft's structured-field form {@code "…"}); the same key and body again →
 * the first final answer replayed, status and body, with {@value #REPLAYED}: true; the same key
 * with another body → 422, which names no order (the key may be someone else's); the same key
 * while its first request is still running → 409 with Retry-After. Those rules live in
 * {@link IdempotencyGate}, the checkout's steps and compensations in {@link CheckoutSaga}.
 *
 * <p>An order is shown by its view token ({@code GET /orders/{viewToken}}, 256 random bits), never
 * by its id: the id travels in 503 answers and logs, and must not open a customer's items and e-mail.
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern VIEW_TOKEN = Pattern.compile("[0-9a-f]{64}");

    private final IdempotencyGate gate;
    private final OrderRepository orders;
    private final Clock clock;
    private final Duration defaultBudget;
    private final Duration maxBudget;

    OrderResource(
            IdempotencyGate gate,
            OrderRepository orders,
            Clock clock,
            @ConfigProperty(name = "order.checkout.default-budget", defaultValue = "8s") Duration defaultBudget,
            @ConfigProperty(name = "order.checkout.max-budget", defaultValue = "15s") Duration maxBudget) {
        this.gate = gate;
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
    public Response place(
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @HeaderParam(Deadline.HEADER) String budget,
            OrderRequest request)
            throws SQLException {
        var deadline = Deadline.fromHeader(budget, defaultBudget, maxBudget, clock);
        var key = IdempotencyKey.parse(idempotencyKey);
        if (request == null) {
            throw ApiException.badRequest("A JSON body with items, customer and payment is required");
        }
        var reply = gate.place(key, request, deadline);
        var response = Response.status(reply.status())
                .entity(reply.body())
                .type(reply.status() < 300 ? MediaType.APPLICATION_JSON : "application/problem+json");
        if (reply.status() == 201) {
            orders.find(reply.orderId())
                    .map(Order::viewToken)
                    .ifPresent(token -> response.location(URI.create("/orders/" + token)));
        }
        if (reply.replayed()) {
            response.header(REPLAYED, "true");
        }
        if (reply.retryAfterSeconds() > 0) {
            response.header("Retry-After", reply.retryAfterSeconds());
        }
        return response.build();
    }
    /** The order behind a view token; anything else (an order id included) is 404. */
    @GET
    @Path("{viewToken}")
    public Order get(@PathParam("viewToken") String viewToken) throws SQLException {
        if (!VIEW_TOKEN.matcher(viewToken).matches()) {
            throw ApiException.notFound("Order", viewToken);
        }
        return orders.findByViewToken(viewToken).orElseThrow(() -> ApiException.notFound("Order", viewToken));
    }
}
