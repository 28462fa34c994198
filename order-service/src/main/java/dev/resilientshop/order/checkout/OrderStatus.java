package dev.resilientshop.order.checkout;

/**
 * Where an order ended up. PENDING while the saga runs; CONFIRMED paid and stock committed;
 * DECLINED the charge was declined (stock released); REJECTED out of stock; FAILED a dependency
 * gave no answer (see the order's {@link RecoveryPoint} for what may be left dangling);
 * NEEDS_ATTENTION recovery gave up after {@code order.recovery.max-attempts}: a person settles it
 * from its recovery point (docs/operations.md#ordersunsettled).
 */
enum OrderStatus {
    PENDING,
    CONFIRMED,
    DECLINED,
    REJECTED,
    FAILED,
    NEEDS_ATTENTION
}
