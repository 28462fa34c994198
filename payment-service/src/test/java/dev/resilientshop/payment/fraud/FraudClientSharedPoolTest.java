package dev.resilientshop.payment.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.resilientshop.kit.resilience.DependencyConfigs;
import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's cascade, first step (issue 14): in naive mode the fraud call takes a connection of
 * payment's one shared pool and holds it while the provider is slow, so once the pool is full the
 * next charges wait for a connection before they even ask. A pool of 2 and a provider that takes
 * 600 ms: of 4 charges at once, two wait a whole provider call longer than the first two.
 */
@QuarkusTest
@QuarkusTestResource(FraudApiStub.class)
class FraudClientSharedPoolTest {

    static final long PROVIDER_MS = 600;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService stubThreads = Executors.newFixedThreadPool(8);
    private final ExecutorService callers = Executors.newFixedThreadPool(4);
    private HttpServer server;
    private SharedPool pool;
    private FraudClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(stubThreads);
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(PROVIDER_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            var body = FraudApiStub.APPROVE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        pool = new SharedPool(2, Duration.ofSeconds(10), "payment");
        var mode = new ResilienceMode("naive", "payment");
        var api = FraudClient.build(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        client = new FraudClient(
                api,
                mode,
                Clock.system(),
                new DependencyPipelines(
                        DependencyConfigs.of(Map.of()), new PipelineRegistry(), Scheduler.of(timers), mode, "payment"),
                pool);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pool.close();
        timers.shutdownNow();
        stubThreads.shutdownNow();
        callers.shutdownNow();
    }

    @Test
    void naiveChargesQueueForTheSharedPoolWhileTheProviderIsSlow() {
        var check = new FraudCheck("order-1", 1_000, "EUR", "424242", "4242", "ada@example.com");
        var times = new ArrayList<CompletableFuture<Long>>();
        for (int i = 0; i < 4; i++) {
            times.add(CompletableFuture.supplyAsync(
                    () -> {
                        long start = System.nanoTime();
                        assertThat(client.score(check, Deadline.after(Duration.ofSeconds(5), Clock.system()))
                                        .decision())
                                .isEqualTo("approve");
                        return (System.nanoTime() - start) / 1_000_000;
                    },
                    callers));
        }
        var millis = times.stream().map(CompletableFuture::join).sorted().toList();
        System.out.println("naive fraud calls through a shared pool of 2, provider 600 ms: " + millis + " ms");

        assertThat(pool.snapshot().peakInUse()).isEqualTo(2);
        assertThat(pool.snapshot().calls()).isEqualTo(4);
        // the two that waited for a connection took at least one more provider call than the fastest
        assertThat(millis.get(3))
                .as("slowest vs fastest %s", millis)
                .isGreaterThanOrEqualTo(millis.get(0) + PROVIDER_MS * 8 / 10);
    }
}
