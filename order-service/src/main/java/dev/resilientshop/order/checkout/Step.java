package dev.resilientshop.order.checkout;

/**
 * How one step of a checkout ended, returned rather than thrown: the step did its work and recorded
 * it, and the checkout goes on ({@link Next}, with what the next step needs), or the checkout ends
 * here for this request ({@link Stop}) with the answer POST /orders gives.
 *
 * <p>Why a value: a declined card, an empty shelf or a dependency that does not answer are the
 * answers a checkout is built to give, not accidents. Thrown, they left each step through a side
 * door and came back as HTTP somewhere else (a catch in the saga, or the exception mapper), so the
 * saga could not be read top to bottom. Returned, every way out of a step is on its page.
 * What still travels as an exception is what no step expects: an SQL error, and
 * {@link LostLockException} (the lease ran out and another attempt owns the order now; any write
 * may find that, and the attempt just stops).
 */
sealed interface Step<T> {

    /** Done and recorded: the checkout goes on with {@code value}. */
    record Next<T>(T value) implements Step<T> {}

    /**
     * The checkout ends for this request with {@code reply}: a final answer already stored with the
     * key (402 declined, 409 out of stock), or a 503 "try again" after the order was paused where it
     * stands (nothing stored; the same key resumes from there).
     */
    record Stop<T>(Reply reply) implements Step<T> {}

    static <T> Step<T> next(T value) {
        return new Next<>(value);
    }

    static <T> Step<T> stop(Reply reply) {
        return new Stop<>(reply);
    }
}
