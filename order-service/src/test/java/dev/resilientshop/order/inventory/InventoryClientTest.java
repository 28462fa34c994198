package dev.resilientshop.order.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.kit.client.ProblemAnswers;
import dev.resilientshop.kit.resilience.DependencyConfigs;
import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.order.outbound.Outbound;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link InventoryClient} reads inventory's answers, without Quarkus: a stub of {@link InventoryApi}
 * answers, through a pipeline of the test's own. "Not enough stock" and "no longer held" are values
 * ({@link Reserved.OutOfStock}, {@link Committed.Gone}); only an answer that leaves the outcome
 * unknown is thrown.
 */
class InventoryClientTest {

    private static final UUID RESERVATION = UUID.fromString("5b0f6f0e-8e4a-4c1e-9a57-3f0c2b7d1a11");
    private static final List<InventoryClient.Line> LINES = List.of(new InventoryClient.Line("CAM-0042", 2));

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SharedPool pool = new SharedPool(1, Duration.ofSeconds(1), "order"); // naive mode only: unused
    private Uni<InventoryApi.Reservation> answer;
    private final InventoryClient client;

    InventoryClientTest() {
        var mode = new ResilienceMode("resilient", "order");
        // one attempt (shop-kit's default); the stub answers at once, but a cold first call on a busy machine took over
        // 1 s
        var settings = DependencyConfigs.of(Map.of("shop.dependency.inventory.timeout", "10s"));
        var pipelines = new DependencyPipelines(settings, new PipelineRegistry(), Scheduler.of(timers), mode, "order");
        client = new InventoryClient(new Outbound(pipelines, mode, Clock.system(), pool), stub());
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
        pool.close();
    }

    private static Deadline fiveSeconds() {
        return Deadline.after(Duration.ofSeconds(5), Clock.system());
    }

    private static Uni<InventoryApi.Reservation> held(String status) {
        return Uni.createFrom().item(new InventoryApi.Reservation(RESERVATION, status));
    }

    private static Uni<InventoryApi.Reservation> problem(int status, String body) {
        return Uni.createFrom().failure(ProblemAnswers.of("inventory", status, body));
    }

    @Test
    void aReservationIsHeldWithItsId() {
        answer = held("HELD");

        assertThat(client.reserve("order-1", LINES, fiveSeconds())).isEqualTo(new Reserved.Held(RESERVATION));
    }

    @Test
    void a409ToAReservationIsOutOfStockWithTheSkuAndWhatIsLeft() {
        answer = problem(409, """
                {"title":"Conflict","status":409,"detail":"Not enough stock for CAM-0042: 2 requested, 1 available",
                 "sku":"CAM-0042","requested":2,"available":1}""");

        assertThat(client.reserve("order-1", LINES, fiveSeconds())).isEqualTo(new Reserved.OutOfStock("CAM-0042", 1));
    }

    @Test
    void a409WithoutItsMembersIsOutOfStockWithNeither() {
        answer = problem(409, null);

        assertThat(client.reserve("order-1", LINES, fiveSeconds())).isEqualTo(new Reserved.OutOfStock(null, null));
    }

    @Test
    void aCommitThatGoesThroughIsDone() {
        answer = held("COMMITTED");

        assertThat(client.commit(RESERVATION, fiveSeconds())).isInstanceOf(Committed.Done.class);
    }

    @Test
    void aCommitRefusedBecauseTheHoldWasReleasedIsGone() {
        answer = problem(409, "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"reservation is RELEASED\"}");

        assertThat(client.commit(RESERVATION, fiveSeconds()))
                .isInstanceOfSatisfying(
                        Committed.Gone.class,
                        gone -> assertThat(gone.why())
                                .contains(RESERVATION.toString())
                                .contains("reservation is RELEASED"));
    }

    @Test
    void aCommitOfAReservationThatDoesNotExistIsGone() {
        answer = problem(404, null);

        assertThat(client.commit(RESERVATION, fiveSeconds()))
                .isInstanceOfSatisfying(
                        Committed.Gone.class, gone -> assertThat(gone.why()).contains("does not exist"));
    }

    @Test
    void aReleaseOfAReservationThatDoesNotExistIsDone() {
        answer = problem(404, null);

        assertThatCode(() -> client.release(RESERVATION, fiveSeconds())).doesNotThrowAnyException();
    }

    @Test
    void aReleaseRefusedBecauseTheReservationIsCommittedIsForAPerson() {
        answer = problem(409, "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"reservation is COMMITTED\"}");

        assertThatThrownBy(() -> client.release(RESERVATION, fiveSeconds())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anErrorAnswerLeavesTheOutcomeUnknownAndIsThrownFromEveryCall() {
        answer = problem(503, "{\"status\":503}");

        assertThatThrownBy(() -> client.reserve("order-1", LINES, fiveSeconds()))
                .isInstanceOf(InventoryUnavailableException.class);
        assertThatThrownBy(() -> client.commit(RESERVATION, fiveSeconds()))
                .isInstanceOf(InventoryUnavailableException.class);
        assertThatThrownBy(() -> client.release(RESERVATION, fiveSeconds()))
                .isInstanceOf(InventoryUnavailableException.class);
        assertThatThrownBy(() -> client.status(RESERVATION, fiveSeconds()))
                .isInstanceOf(InventoryUnavailableException.class);
    }

    /**
     * An {@link InventoryApi} that answers every call with {@link #answer}. A proxy, not a class: Quarkus would
     * take a test class implementing the interface for a REST resource and a second InventoryApi bean, and the
     * module's {@code @QuarkusTest}s would not start.
     */
    private InventoryApi stub() {
        return (InventoryApi) Proxy.newProxyInstance(
                InventoryApi.class.getClassLoader(),
                new Class<?>[] {InventoryApi.class},
                (proxy, method, args) -> answer);
    }
}
