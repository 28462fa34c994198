package dev.resilientshop.resilience.pipeline;

/** Events of a pipeline, published synchronously (the breaker publishes its own). */
public sealed interface PipelineEvent {

    String dependency();

    /** A fallback alternative served the call instead of the dependency. */
    record FallbackServed(String dependency, String source, Throwable reason) implements PipelineEvent {
    }
}
