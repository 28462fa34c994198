package dev.resilientshop.order.inventory;

import java.util.UUID;

/**
 * What inventory answered to a reservation ({@link InventoryClient#reserve}): the stock is held
 * ({@link Held}), or there is not enough of it ({@link OutOfStock}).
 *
 * <p>Why a value and not an exception: an empty shelf is an answer the checkout is built to give
 * (409, the order REJECTED), and every caller has something to do with it: the saga answers it, a
 * paid order refunds, recovery learns that nothing is held under the key. Returned, it cannot be
 * forgotten; thrown, it travelled as far as the first catch that happened to name it. A reservation
 * whose outcome is unknown (no answer) is still thrown, as {@link InventoryUnavailableException}.
 */
public sealed interface Reserved {

    /** The stock is held under {@code reservationId} (the same id for a repeat under the same key). */
    record Held(UUID reservationId) implements Reserved {}

    /**
     * inventory refused the reservation (409): not enough of {@code sku}, of which {@code available}
     * are left; nothing is held. Either is null when inventory did not say (or, for a paid order out
     * of reservation keys, when nobody asked).
     */
    record OutOfStock(String sku, Integer available) implements Reserved {}
}
