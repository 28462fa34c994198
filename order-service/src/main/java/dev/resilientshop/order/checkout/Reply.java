package dev.resilientshop.order.checkout;

import java.util.UUID;

/**
 * What POST /orders answers: a status and its body, plus what {@link OrderResource} turns into
 * headers. A final answer's status and body are exactly what is stored with the key and replayed.
 *
 * @param orderId the order the answer is about, or null when it must name none (a reused key)
 * @param replayed the answer was stored by an earlier request with the same key
 * @param retryAfterSeconds a Retry-After header when above 0
 */
record Reply(int status, String body, UUID orderId, boolean replayed, long retryAfterSeconds) {}
