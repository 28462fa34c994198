package dev.resilientshop.payment.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.resilientshop.kit.resilience.DependencyConfigs;
import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fraud provider's breaker reads a failed call with shop-kit's {@code HealthSignal}, the rule
 * every caller in the shop uses (issue 11, item 17): a 4xx other than 408/429 is our request's
 * fault and never opens it; a 408 or 429 is the provider timing out or shedding load, and counts
 * like a 5xx.
 */
@QuarkusTest
@QuarkusTestResource(FraudApiStub.class)
class FraudClientHealthSignalTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private HttpServer server;
    private volatile int status;
    private PipelineRegistry registry;
    private FraudClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        registry = new PipelineRegistry();
        var mode = new ResilienceMode("resilient", "payment");
        var settings = DependencyConfigs.of(
                Map.of("shop.dependency.fraud.breaker.reset-timeout", "60s")); // longer than the test
        var api = FraudClient.build(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        client = new FraudClient(
                api,
                mode,
                Clock.system(),
                new DependencyPipelines(settings, registry, Scheduler.of(timers), mode, "payment"),
                new dev.resilientshop.kit.resilience.SharedPool(20, Duration.ofSeconds(10), "payment"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        timers.shutdownNow();
    }

    private State afterFiveCalls(int answer) {
        status = answer;
        var check = new FraudCheck("order-1", 1_000, "EUR", "424242", "4242", "ada@example.com");
        for (int i = 0; i < 5; i++) { // 5 consecutive failures open the fraud breaker
            assertThatThrownBy(() -> client.score(check, Deadline.after(Duration.ofSeconds(5), Clock.system())))
                    .isInstanceOf(FraudUnavailableException.class);
        }
        return registry.get("fraud").orElseThrow().snapshot().breakerState();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 422})
    void aCallersFaultLeavesTheBreakerClosed(int answer) {
        assertThat(afterFiveCalls(answer)).isEqualTo(State.CLOSED);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 503})
    void requestTimeoutAndTooManyRequestsOpenItLikeA5xx(int answer) {
        assertThat(afterFiveCalls(answer)).isEqualTo(State.OPEN);
    }
}
