package dev.resilientshop.testsupport.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every finished span of a service under test, kept in memory where a test reads it back as a
 * trace viewer would get it. Quarkus adds each {@link SpanProcessor} bean to its tracer provider,
 * and this one exports a span the moment it ends instead of in a batch.
 *
 * <p>Not a bean itself: test-support has no bean index, and a bean here would be in every
 * module's tests. A module that looks at spans declares a subclass with the annotations it needs,
 * usually {@code @Alternative @Priority(1) @Singleton public static class Spans extends
 * InMemorySpans {}} enabled by the test profile that switches tracing on, so that only that
 * profile's tests have it.
 *
 * <p>Why {@link #await}: a server span ends after its answer is on the wire, so a test that has its
 * answer can be a moment ahead of the span. It polls for up to {@link #PATIENCE} (5 s) and then fails
 * with every finished span listed, which is what one needs to see why the expected one is missing.
 */
public class InMemorySpans implements SpanProcessor {

    /** How long {@link #await} waits for a span that has not ended yet, unless told otherwise. */
    public static final Duration PATIENCE = Duration.ofSeconds(5);

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SpanProcessor delegate = SimpleSpanProcessor.create(exporter);
    private final Duration patience;

    public InMemorySpans() {
        this(PATIENCE);
    }

    /** With its own patience (a test of the failure message need not wait 5 s). */
    public InMemorySpans(Duration patience) {
        this.patience = patience;
    }

    /** The spans that have ended so far, oldest first. */
    public List<SpanData> finished() {
        return exporter.getFinishedSpanItems();
    }

    /** Forgets every span so far (a test's own spans then start from nothing). */
    public void clear() {
        exporter.reset();
    }

    /** The first finished span that matches, waiting for it up to its patience. */
    public SpanData await(Predicate<SpanData> which, String what) {
        return await(which, 1, what).get(0);
    }

    /** The finished spans that match, once there are at least {@code count} of them (up to its patience). */
    public List<SpanData> await(Predicate<SpanData> which, int count, String what) {
        long until = System.nanoTime() + patience.toNanos();
        List<SpanData> found;
        do {
            found = finished().stream().filter(which).toList();
            if (found.size() >= count) {
                return found;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < until);
        throw new AssertionError("expected " + count + " x " + what + ", found " + found.size() + " in "
                + patience.toMillis() + " ms; finished spans:\n" + describe(finished()));
    }

    /** One line per span: kind, name, ids, status, duration, attributes and events, for a failure message. */
    public static String describe(List<SpanData> spans) {
        return spans.stream()
                .map(s -> s.getKind() + " " + s.getName() + " trace=" + s.getTraceId() + " span=" + s.getSpanId()
                        + " parent=" + s.getParentSpanId() + " status=" + s.getStatus()
                        + " ms=" + (s.getEndEpochNanos() - s.getStartEpochNanos()) / 1_000_000
                        + " attrs="
                        + s.getAttributes().asMap().entrySet().stream()
                                .map(e -> e.getKey().getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(","))
                        + " events="
                        + s.getEvents().stream()
                                .map(e -> e.getName() + e.getAttributes().asMap())
                                .collect(Collectors.joining(",")))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void onStart(Context parent, ReadWriteSpan span) {
        delegate.onStart(parent, span);
    }

    @Override
    public boolean isStartRequired() {
        return delegate.isStartRequired();
    }

    @Override
    public void onEnd(ReadableSpan span) {
        delegate.onEnd(span);
    }

    @Override
    public boolean isEndRequired() {
        return delegate.isEndRequired();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    @Override
    public CompletableResultCode forceFlush() {
        return delegate.forceFlush();
    }
}
