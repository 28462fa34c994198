package dev.resilientshop.order.inventory;

/**
 * What inventory answered to a commit ({@link InventoryClient#commit}): the stock is sold
 * ({@link Done}), or the hold is no longer there to commit ({@link Gone}).
 *
 * <p>Why a value: "no longer held" is a definite answer, not an outage. A commit gets it when a
 * release whose answer was lost, or the expiry sweep, put the stock back on sale (409), or when the
 * reservation never existed (404). A paid order then needs a fresh reservation, or its money back,
 * before it may be confirmed ({@code StockCommit}); retried as if inventory were down, it would never
 * be confirmed. Returned, the caller has to decide; only a commit nobody answered is thrown
 * ({@link InventoryUnavailableException}), and the hold is then still the order's.
 */
public sealed interface Committed {

    /** COMMITTED: the stock is sold to the order. */
    record Done() implements Committed {}

    /** No longer HELD (RELEASED, or it never existed): the stock is back on sale. {@code why} is for the log. */
    record Gone(String why) implements Committed {}
}
