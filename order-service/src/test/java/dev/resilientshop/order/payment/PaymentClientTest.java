package dev.resilientshop.order.payment;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link PaymentClient#charge} reads payment's answer, without Quarkus: a stub of {@link PaymentApi}
 * answers, through a pipeline of the test's own. A decline is a {@link Charged.Declined} value with
 * payment's reason; only an answer that leaves the charge's outcome unknown is thrown.
 */
class PaymentClientTest {

    private static final UUID ORDER = UUID.fromString("0b8f5c2e-7d0a-4f5e-9c1b-2a3d4e5f6a7b");
    private static final PaymentClient.Card CARD = new PaymentClient.Card("4242424242424242", "Ada", "12/30", "123");

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SharedPool pool = new SharedPool(1, Duration.ofSeconds(1), "order"); // naive mode only: unused
    private final List<String> keys = new ArrayList<>();
    private Uni<PaymentApi.Charge> answer;
    private final PaymentClient client;

    PaymentClientTest() {
        var mode = new ResilienceMode("resilient", "order");
        // one attempt (shop-kit's default); the stub answers at once, but a cold first call on a busy machine took over
        // 1 s
        var settings = DependencyConfigs.of(Map.of("shop.dependency.payment.timeout", "10s"));
        var pipelines = new DependencyPipelines(settings, new PipelineRegistry(), Scheduler.of(timers), mode, "order");
        client = new PaymentClient(new Outbound(pipelines, mode, Clock.system(), pool), stub());
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
        pool.close();
    }

    private Charged charge() {
        return client.charge(
                ORDER, 3999, "EUR", "ada@example.com", CARD, Deadline.after(Duration.ofSeconds(5), Clock.system()));
    }

    @Test
    void aCapturedChargeIsCapturedWithItsId() {
        var id = UUID.randomUUID();
        answer = Uni.createFrom().item(new PaymentApi.Charge(id, "CAPTURED", 3999L));

        assertThat(charge()).isEqualTo(new Charged.Captured(id));
        assertThat(keys).containsExactly("charge-" + ORDER);
    }

    @Test
    void a402IsDeclinedWithPaymentsReason() {
        answer = Uni.createFrom().failure(ProblemAnswers.of("payment", 402, """
                {"type":"https://resilient-shop.dev/problems/payment-declined","title":"Payment declined","status":402,
                 "detail":"The charge was declined: insufficient_funds","reason":"insufficient_funds"}"""));

        assertThat(charge()).isEqualTo(new Charged.Declined("insufficient_funds"));
    }

    @Test
    void a402WithoutAReasonIsDeclinedAsDeclined() {
        answer = Uni.createFrom().failure(ProblemAnswers.of("payment", 402, null));

        assertThat(charge()).isEqualTo(new Charged.Declined("declined"));
    }

    @Test
    void anErrorAnswerLeavesTheOutcomeUnknownAndIsThrown() {
        answer = Uni.createFrom().failure(ProblemAnswers.of("payment", 503, "{\"status\":503}"));

        assertThatThrownBy(this::charge).isInstanceOf(PaymentUnavailableException.class);
    }

    @Test
    void anAnswerWithoutACapturedChargeIsThrownAsUnknownToo() {
        answer = Uni.createFrom().item(new PaymentApi.Charge(UUID.randomUUID(), "PENDING", 3999L));

        assertThatThrownBy(this::charge)
                .isInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining("without a captured charge");
    }

    /**
     * A {@link PaymentApi} that answers every charge with {@link #answer} and notes its Idempotency-Key. A proxy,
     * not a class: Quarkus would take a test class implementing the interface for a REST resource and a second
     * PaymentApi bean, and the module's {@code @QuarkusTest}s would not start.
     */
    private PaymentApi stub() {
        return (PaymentApi) Proxy.newProxyInstance(
                PaymentApi.class.getClassLoader(), new Class<?>[] {PaymentApi.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("charge")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    keys.add((String) args[0]);
                    return answer;
                });
    }
}
