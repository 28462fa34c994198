package dev.resilientshop.kit.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One client span per attempt for the services that call a dependency with the JDK
 * {@link HttpClient} (order-service's outbound calls, payment-service's fraud check), which no
 * Quarkus extension instruments: the span is started as a child of the current context (the
 * server span of the request being served), its W3C {@code traceparent} goes onto the request
 * with the configured propagator, and the answer's status ends it. So the callee's server span
 * joins the caller's trace, and one checkout is one trace.
 *
 * <p>With the SDK disabled (the default, {@code quarkus.otel.sdk.disabled=true}) it uses the no-op
 * OpenTelemetry: the span is a shared invalid one and nothing is written into the request.
 */
@ApplicationScoped
public class HttpClientTracing {

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> HOST = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> PEER = AttributeKey.stringKey("peer.service");

    private static final HttpClientTracing NOOP = new HttpClientTracing(OpenTelemetry.noop());

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    /**
     * Quarkus' OpenTelemetry with its SDK disabled still records a span started by hand (only its
     * own instrumentation is switched off), so off means the no-op OpenTelemetry here.
     */
    @Inject
    HttpClientTracing(OpenTelemetry openTelemetry,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean sdkDisabled) {
        this(sdkDisabled ? OpenTelemetry.noop() : openTelemetry);
    }

    public HttpClientTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.resilientshop.kit.http-client");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** For code built outside CDI (unit tests): no spans, no headers. */
    public static HttpClientTracing noop() {
        return NOOP;
    }

    /** The CLIENT span of one attempt to {@code dependency}, a child of the current context. */
    Span startAttempt(String dependency) {
        return tracer.spanBuilder(dependency).setSpanKind(SpanKind.CLIENT).setAttribute(PEER, dependency).startSpan();
    }

    /**
     * Sends {@code request} as one attempt to {@code dependency}: a CLIENT span around the send, its
     * context propagated in the request's headers. A status of 500 or more, or an I/O failure,
     * marks the span as an error.
     */
    public <T> HttpResponse<T> send(HttpClient http, String dependency, HttpRequest.Builder request,
            HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        Span span = startAttempt(dependency);
        Context context = Context.current().with(span);
        propagator.inject(context, request, HttpRequest.Builder::header);
        HttpRequest built = request.build();
        if (span.isRecording()) {
            span.updateName(built.method());
            span.setAttribute(METHOD, built.method());
            span.setAttribute(URL, built.uri().toString());
            span.setAttribute(HOST, built.uri().getHost());
            span.setAttribute(PORT, (long) built.uri().getPort());
        }
        try {
            HttpResponse<T> response = http.send(built, body);
            span.setAttribute(STATUS, (long) response.statusCode());
            if (response.statusCode() >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            return response;
        } catch (IOException | InterruptedException | RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }
}
