package dev.resilientshop.resilience.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FallbackChainTest {

    private final FallbackChain<List<String>> recs = FallbackChain.<List<String>>builder()
            .then("cache", cause -> {
                throw new IllegalStateException("no recs:42 in Redis");
            })
            .then("popular", cause -> List.of("kettle", "mug"))
            .build();

    @Test
    void theFirstAlternativeThatWorksServesAndSaysWhy() {
        Served<List<String>> served = recs.get("recommendations", () -> {
            throw new RuntimeException("recommendations down");
        });
        assertThat(served.value()).containsExactly("kettle", "mug");
        assertThat(served.source()).isEqualTo("popular");
        assertThat(served.degraded()).isTrue();
        assertThat(served.reason()).hasMessage("no recs:42 in Redis");
        assertThat(served.reason().getSuppressed()[0]).hasMessage("recommendations down");
    }

    @Test
    void thePrimaryServesWhenItWorks() {
        Served<List<String>> served = recs.get("recommendations", () -> List.of("teapot"));
        assertThat(served.source()).isEqualTo("recommendations");
        assertThat(served.degraded()).isFalse();
    }

    @Test
    void asyncFailuresAreRecoveredToo() {
        CompletableFuture<Served<List<String>>> served =
                recs.getAsync("recommendations", CompletableFuture.failedFuture(new RuntimeException("503")));
        assertThat(served.join().source()).isEqualTo("popular");
    }

    @Test
    void anAlternativeMayRethrowTheFailureItselfAndThatFailureSurfacesUnchanged() {
        // "a 404 is not an outage": the alternative refuses to paper over it by rethrowing the cause
        // (Throwable.addSuppressed(self) would throw IllegalArgumentException and turn the 404 into a 503)
        var notFound = new IllegalArgumentException("no such SKU");
        FallbackChain<String> chain = FallbackChain.<String>builder()
                .then("snapshot", cause -> {
                    throw (RuntimeException) cause;
                })
                .build();
        assertThatThrownBy(() -> chain.recover(notFound)).isSameAs(notFound);
        assertThat(notFound.getSuppressed()).isEmpty();
    }

    @Test
    void whenEveryAlternativeFailsTheLastFailureSurfaces() {
        FallbackChain<String> chain = FallbackChain.<String>builder()
                .then("cache", cause -> {
                    throw new IllegalStateException("cache down");
                })
                .build();
        assertThatThrownBy(() -> chain.recover(new RuntimeException("primary"))).hasMessage("cache down");
        assertThatThrownBy(() -> FallbackChain.<String>builder().build())
                .hasMessage("a fallback chain needs at least one alternative, but had 0");
    }

    @Test
    void anAlternativeSeesTheFailureInsideACompletionExceptionAndAnyOtherExceptionAsItIs() {
        FallbackChain<String> chain = FallbackChain.<String>builder()
                .then("cause", cause -> cause.getMessage())
                .build();
        RuntimeException down = new RuntimeException("503");
        assertThat(chain.recover(new java.util.concurrent.CompletionException(down))
                        .reason())
                .isSameAs(down);
        // a wrapper of the caller's own is the failure the caller chose to report: not unwrapped
        RuntimeException wrapper = new RuntimeException("pricing failed", down);
        assertThat(chain.recover(wrapper).reason()).isSameAs(wrapper);
        assertThat(chain.recover(wrapper).value()).isEqualTo("pricing failed");
        // a CompletionException without a cause is all there is
        java.util.concurrent.CompletionException bare = new java.util.concurrent.CompletionException("cancelled", null);
        assertThat(chain.recover(bare).reason()).isSameAs(bare);
    }

    @Test
    void namesListsTheAlternativesInTheOrderTheyAreTried() {
        assertThat(recs.names()).containsExactly("cache", "popular");
    }
}
