package dev.resilientshop.testsupport.load;

/**
 * What came back for one request, as far as a shopper is concerned: the status, whether a page
 * that was served showed a fallback (a notice, a last known price: {@link PageNotices}), and
 * whether a refusal was load shedding (429, or a 503 marked {@value #SHED_HEADER}) rather than a
 * page that failed. A 503 "taking a break" page, a dependency that could not answer, is an
 * error, not shedding: it cost the shop the whole deadline.
 */
public record Reply(int status, boolean degraded, boolean shed) {

    /** The header the product page puts on a request it refused at the door because it was full. */
    public static final String SHED_HEADER = "X-Shed";

    /** Only a status is known (a sender that does not read bodies): never degraded; 429 is shedding. */
    public static Reply of(int status) {
        return new Reply(status, false, status == 429);
    }
}
