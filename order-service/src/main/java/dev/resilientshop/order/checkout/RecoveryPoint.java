package dev.resilientshop.order.checkout;

/**
 * The last saga step whose outcome is known, written after each step. A crash or a timeout
 * between steps leaves an order whose recovery point is not {@link #FINISHED}; the exactly-once
 * issue's recovery job reads it to resume or compensate, instead of guessing:
 * <ul>
 * <li>{@link #STARTED}: order row written; a reservation may exist if inventory timed out;</li>
 * <li>{@link #STOCK_RESERVED}: stock held ({@code reservation_id}); a charge may exist if payment timed out,
 *     or a release or commit is still owed;</li>
 * <li>{@link #PAYMENT_CHARGED}: charge captured ({@code charge_id}); the reservation's commit is still owed;</li>
 * <li>{@link #RELEASE_PENDING}: a release was sent and its answer lost (inventory may or may not have
 *     released); it is sent again (releasing twice is a no-op) before the checkout goes on;</li>
 * <li>{@link #STOCK_RELEASED}: payment gave no answer and the stock went back; whether a charge exists
 *     ({@code GET /charges?orderId=}) is still to be found out, and refunded if so;</li>
 * <li>{@link #FINISHED}: nothing is left to do.</li>
 * </ul>
 */
enum RecoveryPoint {
    STARTED,
    STOCK_RESERVED,
    PAYMENT_CHARGED,
    RELEASE_PENDING,
    STOCK_RELEASED,
    FINISHED;

    String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
