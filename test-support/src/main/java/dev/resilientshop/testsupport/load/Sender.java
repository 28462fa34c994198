package dev.resilientshop.testsupport.load;

import java.util.concurrent.CompletableFuture;

/**
 * Sends the {@code index}-th request of a run, of kind {@code kind}, WITHOUT blocking: the
 * generator's one dispatching thread must be free for the next arrival whatever the shop does.
 * Completes with the HTTP status, or exceptionally when no answer came (recorded as status 0).
 */
@FunctionalInterface
public interface Sender {

    CompletableFuture<Integer> send(String kind, long index);

    /**
     * As {@link #send}, with what the answer showed (degraded, shed). What the generator calls; a
     * sender that reads bodies overrides it, the default knows only the status.
     */
    default CompletableFuture<Reply> sendForReply(String kind, long index) {
        return send(kind, index).thenApply(Reply::of);
    }
}
