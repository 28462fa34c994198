package dev.resilientshop.payment.fraud;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.kit.tracing.HttpClientTracing;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import dev.resilientshop.resilience.retry.StatusCarrier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way payment-service reaches the external fraud provider.
 *
 * <p>Seed 003's cascade starts exactly here: "the fraud API starts responding slowly … your payment
 * service waits for responses, exhausting its connection pool … your order service, which calls the
 * payment service, also starts timing out". So the call goes through its own pipeline
 * ({@code Bulkhead(20, CircuitBreaker(Timeout(call)))}), declared the one way: settings under
 * {@code shop.dependency.fraud.*} (application.properties says why each differs from shop-kit's
 * default), built and registered by shop-kit's {@link DependencyPipelines}:
 * <ul>
 * <li>timeout {@code shop.dependency.fraud.timeout} (2 s; seed 003 allows an external API 10 s, but
 *     order-service gives the whole charge 3 s), always cut to what is left of the caller's
 *     budget ({@code X-Request-Budget-Ms}) minus {@code shop.dependency.fraud.reserve} (300 ms) to
 *     record the charge and answer;</li>
 * <li>circuit breaker: 5 consecutive failures (seed 002's "5 consecutive timeouts") open it; while
 *     open every charge answers 503 "try again" at once instead of holding a thread for 2 s;
 *     probe after {@code shop.dependency.fraud.breaker.reset-timeout} (default 10 s);</li>
 * <li>no retry (shop-kit's default of one attempt): a score is a read, but a second 2 s wait on a
 *     slow provider is how the cascade grows.</li>
 * </ul>
 * Every way it can fail comes out as one {@link FraudUnavailableException}. In naive mode the
 * pipeline is bypassed: the call waits up to 30 s on a connection of the one pool every naive call
 * of this service shares ({@link SharedPool}).
 */
@ApplicationScoped
public class FraudClient {

    /** A non-2xx answer, with its status for the library's classification. */
    static final class FraudStatusException extends RuntimeException implements StatusCarrier {
        private final int status;

        FraudStatusException(int status) {
            super("fraud-api answered " + status, null, false, false);
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }
    }

    static final Duration NAIVE_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json;
    private final ResilienceMode mode;
    private final Clock clock;
    private final URI uri;
    private final ResiliencePipeline pipeline;
    private final SharedPool naive;
    private final HttpClientTracing tracing;

    FraudClient(ObjectMapper json, ResilienceMode mode, Clock clock, DependencyPipelines pipelines, SharedPool naive, String url) {
        this(json, mode, clock, pipelines, naive, HttpClientTracing.noop(), url);
    }

    @Inject
    FraudClient(ObjectMapper json, ResilienceMode mode, Clock clock, DependencyPipelines pipelines, SharedPool naive,
            HttpClientTracing tracing, @ConfigProperty(name = "quarkus.rest-client.fraud.url") String url) {
        this.tracing = tracing;
        this.json = json;
        this.naive = naive;
        this.mode = mode;
        this.clock = clock;
        this.uri = URI.create(url + "/scores");
        this.pipeline = pipelines.pipeline("fraud");
    }

    public FraudVerdict score(FraudCheck check, Deadline deadline) {
        try {
            var verdict = mode.isNaive() ? naive(check)
                    : pipeline.call(deadline, attempt -> send(check, attempt));
            if (verdict == null || verdict.decision() == null) {
                throw new FraudUnavailableException("fraud-api answered without a decision", null);
            }
            return verdict;
        } catch (FraudUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FraudUnavailableException("fraud-api unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Naive mode: the plain call, holding a connection of the service's one shared pool
     * ({@link SharedPool}) for as long as the provider takes, up to 30 s; a charge that finds the
     * pool full waits for a connection first (seed 003: "exhausting its connection pool").
     */
    private FraudVerdict naive(FraudCheck check) {
        try {
            return naive.call("fraud", () -> java.util.concurrent.CompletableFuture.completedFuture(
                    send(check, Deadline.after(NAIVE_TIMEOUT, clock)))).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private FraudVerdict send(FraudCheck check, Deadline attempt) {
        try {
            var builder = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(check)));
            if (attempt.isUnbounded()) {
                builder.timeout(NAIVE_TIMEOUT); // the timeout pattern is off: the client's own timeout, no budget sent
            } else {
                builder.timeout(attempt.remaining().isZero() ? Duration.ofMillis(1) : attempt.remaining())
                        .header(Deadline.HEADER, attempt.toHeaderValue());
            }
            var response = tracing.send(http, "fraud", builder, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new FraudStatusException(response.statusCode());
            }
            return json.readValue(response.body(), FraudVerdict.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FraudUnavailableException("interrupted", e);
        }
    }
}
