package dev.resilientshop.order.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.resilientshop.kit.ops.ServiceCredential;
import dev.resilientshop.kit.resilience.DependencyConfigs;
import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * order-service's callers read a failed call with shop-kit's {@code HealthSignal}, the rule every
 * caller in the shop uses (issue 11, item 17): a 4xx other than 408/429 is the caller's fault
 * (no breaker failure, no retry); 408 and 429 are the dependency's (it timed out or is shedding
 * load), so they count and are retried like a 5xx.
 */
class OutboundHealthSignalTest {

    private final AtomicInteger requests = new AtomicInteger();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private HttpServer server;
    private volatile int status;
    private PipelineRegistry registry;
    private Outbound outbound;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        var url = "http://127.0.0.1:" + server.getAddress().getPort();
        registry = new PipelineRegistry();
        var mode = new ResilienceMode("resilient", "order");
        var settings = DependencyConfigs.of(Map.of( // as application.properties declares pricing, reset longer than the test
                "shop.dependency.pricing.retry.max-attempts", "3", "shop.dependency.pricing.retry.base-delay", "50ms",
                "shop.dependency.pricing.breaker.reset-timeout", "60s"));
        outbound = new Outbound(new DependencyPipelines(settings, registry, Scheduler.of(timers), mode, "order"), mode,
                Clock.system(), new ServiceCredential(Optional.empty()),
                new dev.resilientshop.kit.resilience.SharedPool(20, Duration.ofSeconds(10), "order"), url, url, url);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        timers.shutdownNow();
    }

    private void fiveCalls() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> outbound.get("pricing", "/prices/AUD-0001", Deadline.after(Duration.ofSeconds(5), Clock.system())))
                    .isInstanceOf(DownstreamException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 422})
    void aCallersFaultIsNeitherRetriedNorABreakerFailure(int answer) {
        status = answer;
        fiveCalls();
        assertThat(requests.get()).as("5 calls = 5 requests, no retry").isEqualTo(5);
        assertThat(registry.get("pricing").orElseThrow().snapshot().breakerState()).isEqualTo(State.CLOSED);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 503})
    void requestTimeoutAndTooManyRequestsAreTheDependencysFailureLikeA5xx(int answer) {
        status = answer;
        fiveCalls();
        // 5 calls x 3 attempts (pricing retries twice) = 15 requests; 5 consecutive failed calls open the breaker
        assertThat(requests.get()).isEqualTo(15);
        assertThat(registry.get("pricing").orElseThrow().snapshot().breakerState()).isEqualTo(State.OPEN);
    }
}
