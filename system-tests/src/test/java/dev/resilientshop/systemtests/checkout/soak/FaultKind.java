package dev.resilientshop.systemtests.checkout.soak;

import java.util.List;

/**
 * The faults the soak injects, each with the services it may hit and how long it lasts. A process
 * fault is a {@code ./shop kill} (SIGKILL, a crash: nothing is flushed, no answer is sent) or a
 * {@code ./shop stop} (SIGTERM, a graceful stop that drains in-flight requests), the process
 * started again after the pause; a chaos fault is a {@code ./shop chaos} setting switched off after
 * the hold.
 *
 * <p>The chaos faults are aimed at the calls whose answer the saga depends on: inventory's reserve,
 * release and commit (order-service gives each 2 s), payment's charge (3 s) and the fraud check
 * payment makes (2 s). Latency above those timeouts is what loses an answer after the work was done,
 * the failure that confirmed a paid order whose stock had gone back on sale (issue 12).
 */
enum FaultKind {
    KILL(1, true, List.of("order", "payment", "inventory-primary", "inventory-secondary"), 1_000, 6_000),
    SIGTERM(1, true, List.of("order", "payment", "inventory-primary", "inventory-secondary"), 1_000, 6_000),
    INVENTORY_LATENCY(4, false, List.of("inventory-primary"), 4_000, 12_000),
    INVENTORY_HANG(1, false, List.of("inventory-primary"), 3_000, 8_000),
    INVENTORY_ERRORS(1, false, List.of("inventory-primary"), 4_000, 12_000),
    PAYMENT_LATENCY(2, false, List.of("payment"), 4_000, 12_000),
    PAYMENT_HANG(1, false, List.of("payment"), 3_000, 8_000),
    PAYMENT_ERRORS(2, false, List.of("payment"), 4_000, 12_000),
    FRAUD_SLOW(2, false, List.of("fraud-api"), 4_000, 12_000);

    /** The inventory paths a chaos fault may target: reserve, release, commit, or all three. */
    static final List<String> RESERVATION_PATHS =
            List.of("/reservations", "/reservations/.*/release", "/reservations/.*/commit", "/reservations.*");

    /** How often the scheduler picks it, relative to the others (inventory latency is the one that loses answers). */
    final int weight;

    final boolean process;
    final List<String> targets;
    final long minHoldMs;
    final long maxHoldMs;

    FaultKind(int weight, boolean process, List<String> targets, long minHoldMs, long maxHoldMs) {
        this.weight = weight;
        this.process = process;
        this.targets = targets;
        this.minHoldMs = minHoldMs;
        this.maxHoldMs = maxHoldMs;
    }

    /** The report's name: {@code kill -9}, {@code inventory latency}, ... */
    String label() {
        return switch (this) {
            case KILL -> "kill -9";
            case SIGTERM -> "SIGTERM";
            case FRAUD_SLOW -> "slow fraud API";
            default -> name().toLowerCase().replace('_', ' ');
        };
    }
}
