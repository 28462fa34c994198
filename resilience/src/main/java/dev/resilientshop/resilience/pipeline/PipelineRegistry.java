package dev.resilientshop.resilience.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The pipelines of one service, by dependency name: what the ops page lists and the metrics
 * binding exports. Thread-safe.
 */
public final class PipelineRegistry {

    private final Map<String, ResiliencePipeline> pipelines = new ConcurrentHashMap<>();
    private final List<Consumer<? super ResiliencePipeline>> listeners = new CopyOnWriteArrayList<>();

    /** Adds a pipeline; a second one for the same dependency is refused (it would split the state). */
    public synchronized ResiliencePipeline register(ResiliencePipeline pipeline) {
        ResiliencePipeline existing = pipelines.putIfAbsent(pipeline.dependency(), pipeline);
        if (existing != null) {
            throw new IllegalStateException("a pipeline for '" + pipeline.dependency() + "' is already registered");
        }
        listeners.forEach(l -> l.accept(pipeline));
        return pipeline;
    }

    /** The pipeline for {@code dependency}, built by {@code factory} on first use. */
    public ResiliencePipeline computeIfAbsent(String dependency, Function<String, ResiliencePipeline> factory) {
        ResiliencePipeline p = pipelines.get(dependency);
        if (p != null) {
            return p;
        }
        synchronized (this) {
            p = pipelines.get(dependency);
            return p != null ? p : register(factory.apply(dependency));
        }
    }

    public Optional<ResiliencePipeline> get(String dependency) {
        return Optional.ofNullable(pipelines.get(dependency));
    }

    public Collection<ResiliencePipeline> all() {
        return List.copyOf(pipelines.values());
    }

    /** Every pipeline's live state, sorted by dependency name. */
    public List<PipelineSnapshot> snapshots() {
        List<PipelineSnapshot> list = new ArrayList<>();
        pipelines.values().forEach(p -> list.add(p.snapshot()));
        list.sort((a, b) -> a.dependency().compareTo(b.dependency()));
        return list;
    }

    /** Called for every pipeline registered now and later (the metrics binding uses it). */
    public synchronized void forEachPipeline(Consumer<? super ResiliencePipeline> listener) {
        listeners.add(listener);
        pipelines.values().forEach(listener);
    }
}
