package dev.resilientshop.productpage.dependency;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.resilientshop.productpage.edge.WarmUpPass;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The warm-up's load rounds ({@link DependencyWarmUp#load}): how many requests they send, how many
 * at once, and that the deadline ends them. Plain JUnit against the JDK's HTTP server on a free
 * loopback port standing in for the product page: no Quarkus, no shop.
 */
@Timeout(60)
class DependencyWarmUpLoadTest {

    private static final String PASS = "0123456789abcdef0123456789abcdef";

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger withPass = new AtomicInteger();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private ExecutorService handlers;
    private HttpServer server;
    private URI base;
    /** What each request does while it is in flight; by default it takes a little time, so rounds overlap. */
    private volatile Hold hold = () -> Thread.sleep(5);

    interface Hold {
        void hold() throws InterruptedException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        handlers = Executors.newCachedThreadPool(); // the default runs one handler at a time: nothing would overlap
        server.setExecutor(handlers);
        server.createContext("/", this::answer);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        requests.incrementAndGet();
        if (PASS.equals(exchange.getRequestHeaders().getFirst(WarmUpPass.HEADER))) {
            withPass.incrementAndGet();
        }
        try {
            hold.hold();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
        var body = "{\"degraded\":[],\"fallbacks\":[]}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void tenRoundsSendSixRequestsEachAllWithThePass() {
        int sent = DependencyWarmUp.load(http, base, PASS, 3, 10, 4, far());

        assertThat(sent).isEqualTo(10 * DependencyWarmUp.REQUESTS_PER_ROUND).isEqualTo(60);
        assertThat(requests).hasValue(60);
        assertThat(withPass)
                .as("requests with the warm-up's pass through the rate limit")
                .hasValue(60);
    }

    @Test
    void neverMoreRequestsInFlightThanParallel() {
        int sent = DependencyWarmUp.load(http, base, PASS, 0, 10, 2, far());

        assertThat(sent).isEqualTo(60);
        assertThat(mostInFlight.get()).as("requests in flight at once").isBetween(1, 2);
    }

    @Test
    void parallelRoundsReallyRunAtTheSameTime() {
        // the first requests wait until three are in flight at once: one worker at a time would wait out the timeout
        var three = new CountDownLatch(3);
        var metThree = new AtomicInteger();
        hold = () -> {
            three.countDown();
            if (three.await(5, TimeUnit.SECONDS)) {
                metThree.incrementAndGet();
            }
        };

        int sent = DependencyWarmUp.load(http, base, PASS, 0, 3, 3, far());

        assertThat(sent).isEqualTo(18);
        assertThat(mostInFlight.get()).as("requests in flight at once").isEqualTo(3);
        assertThat(metThree.get())
                .as("requests that saw three in flight, of 18")
                .isEqualTo(18);
    }

    @Test
    void aDeadlineAlreadyPassedSendsNothing() {
        int sent = DependencyWarmUp.load(http, base, PASS, 0, 10, 4, System.nanoTime() - 1);

        assertThat(sent).isZero();
        assertThat(requests).hasValue(0);
    }

    private static long far() {
        return System.nanoTime() + Duration.ofSeconds(30).toNanos();
    }
}
