package dev.resilientshop.systemtests.checkout.soak;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The promises of a checkout, checked in the three PostgreSQL databases once the soak has settled.
 * Each broken one is a violation, worded so that a reader can go and look at the rows:
 * <ol>
 * <li>every CONFIRMED order has exactly one CAPTURED charge equal to its total and a COMMITTED reservation;</li>
 * <li>no CAPTURED charge belongs to an order that is not CONFIRMED (money without goods);</li>
 * <li>no reservation is HELD past its {@code expires_at} (plus {@link #EXPIRY_GRACE_SECONDS} for the sweep);</li>
 * <li>per SKU, stock before − stock after = the quantities of the soak's COMMITTED and HELD reservations
 *     (minus what older HELD reservations gave back meanwhile);</li>
 * <li>every 201 a shopper saw is CONFIRMED, every 402 is not;</li>
 * <li>no order is PENDING or still settling (recovery point not {@code finished}) after the settle window.</li>
 * </ol>
 * Orders in scope: created since the baseline with a line of a soak SKU. A column the schema does not
 * have yet ({@code expires_at}, {@code recovery_attempts}) skips what depends on it, saying so.
 */
final class SoakInvariants {

    static final int EXPIRY_GRACE_SECONDS = 30;

    record Result(List<String> violations, List<String> notes, Map<String, Integer> ordersByStatus) {}

    private record OrderRow(UUID id, String status, String point, long total) {}

    private record Reservation(UUID id, UUID orderId, String status, Map<String, Integer> lines) {}

    private SoakInvariants() {}

    /** Orders of the soak not settled yet: PENDING or a recovery point other than finished (NEEDS_ATTENTION is settled). */
    static int unsettled(SoakBaseline.Databases db, SoakBaseline baseline, List<String> skus) throws SQLException {
        return (int) orders(db, baseline, skus).values().stream()
                .filter(SoakInvariants::unsettled)
                .count();
    }

    static Result check(
            SoakBaseline.Databases db, SoakBaseline baseline, List<String> skus, List<Shopper.Outcome> outcomes)
            throws SQLException {
        var violations = new ArrayList<String>();
        var notes = new ArrayList<String>();
        var orders = orders(db, baseline, skus);
        var byStatus = new TreeMap<String, Integer>();
        orders.values().forEach(o -> byStatus.merge(o.status(), 1, Integer::sum));
        var captured = captured(db, orders.keySet());
        List<Reservation> reservations;
        Map<String, Integer> stockAfter;
        try (var c = db.open("inventory")) {
            reservations = reservations(c, baseline, skus);
            stockAfter = SoakBaseline.stock(c, skus);
            expiry(c, violations, notes);
            stock(c, baseline, reservations, stockAfter, violations);
        }
        var byOrder = new HashMap<UUID, List<Reservation>>();
        reservations.forEach(r ->
                byOrder.computeIfAbsent(r.orderId(), k -> new ArrayList<>()).add(r));
        for (var o : orders.values()) {
            var paid = captured.getOrDefault(o.id(), List.of());
            var kept = byOrder.getOrDefault(o.id(), List.of()).stream()
                    .filter(r -> !r.status().equals("RELEASED"))
                    .toList();
            if (o.status().equals("CONFIRMED")) {
                if (paid.size() != 1 || paid.get(0) != o.total()) {
                    violations.add(
                            "order " + o.id() + " CONFIRMED (total " + o.total() + ") with captured charges " + paid);
                }
                if (kept.size() != 1 || !kept.get(0).status().equals("COMMITTED")) {
                    violations.add(
                            "order " + o.id() + " CONFIRMED but its reservations are " + statuses(byOrder.get(o.id())));
                }
            } else if (!paid.isEmpty()) {
                violations.add("order " + o.id() + " is " + o.status() + " at " + o.point()
                        + " but has captured charges " + paid);
            }
            if (unsettled(o)) {
                violations.add("order " + o.id() + " still " + o.status() + " at recovery point " + o.point()
                        + " after the settle window");
            }
        }
        for (var id : captured.keySet()) {
            if (!orders.containsKey(id)) {
                violations.add("captured charge for order " + id + ", which is not a soak order");
            }
        }
        for (var outcome : outcomes) {
            if (outcome.status() != 201 && outcome.status() != 402) {
                continue;
            }
            var id = outcome.orderId() != null ? outcome.orderId() : orderOfKey(db, outcome.key());
            var order = id == null ? null : orders.get(UUID.fromString(id));
            var status = order == null ? "missing" : order.status();
            if (outcome.status() == 201 && !status.equals("CONFIRMED")
                    || outcome.status() == 402 && status.equals("CONFIRMED")) {
                violations.add("a shopper saw " + outcome.status() + " for order " + id + " (key " + outcome.key()
                        + "), which is " + status);
            }
        }
        attempts(db, orders, notes);
        return new Result(violations, notes, byStatus);
    }

    /** For an answer without an order id: the order stored under the key (as sent, or scoped with a prefix). */
    private static String orderOfKey(SoakBaseline.Databases db, String key) throws SQLException {
        try (var c = db.open("orders");
                var st = c.prepareStatement(
                        "select id::text from orders where idempotency_key = ? or idempotency_key like ? limit 1")) {
            st.setString(1, key);
            st.setString(2, "%" + key);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static boolean unsettled(OrderRow o) {
        return !o.status().equals("NEEDS_ATTENTION")
                && (o.status().equals("PENDING") || !o.point().equals("finished"));
    }

    private static Map<UUID, OrderRow> orders(SoakBaseline.Databases db, SoakBaseline baseline, List<String> skus)
            throws SQLException {
        var orders = new HashMap<UUID, OrderRow>();
        try (var c = db.open("orders");
                var st = c.prepareStatement(
                        "select o.id, o.status, o.recovery_point, o.total_cents from orders o"
                                + " where o.created_at >= ? and exists (select 1 from order_lines l where l.order_id = o.id and l.sku = any (?))")) {
            st.setObject(1, baseline.since());
            st.setArray(2, c.createArrayOf("text", skus.toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var o = new OrderRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4));
                    orders.put(o.id(), o);
                }
            }
        }
        return orders;
    }

    /** Captured amounts per order, for the soak's orders and any charge created since the baseline. */
    private static Map<UUID, List<Long>> captured(SoakBaseline.Databases db, java.util.Set<UUID> orders)
            throws SQLException {
        var captured = new HashMap<UUID, List<Long>>();
        try (var c = db.open("payments");
                var st = c.prepareStatement(
                        "select order_id, amount_cents from charges where status = 'CAPTURED' and order_id = any (?)")) {
            st.setArray(1, c.createArrayOf("uuid", orders.toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    captured.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(rs.getLong(2));
                }
            }
        }
        return captured;
    }

    private static List<Reservation> reservations(Connection c, SoakBaseline baseline, List<String> skus)
            throws SQLException {
        var found = new HashMap<UUID, Reservation>();
        try (var st = c.prepareStatement("select r.id, r.order_id, r.status, l.sku, l.quantity from reservations r"
                + " join reservation_lines l on l.reservation_id = r.id where r.created_at >= ? and l.sku = any (?)")) {
            st.setObject(1, baseline.since());
            st.setArray(2, c.createArrayOf("text", skus.toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var key = rs.getString(2);
                    var orderId = key.length() >= 36 ? UUID.fromString(key.substring(0, 36)) : null;
                    found.computeIfAbsent(
                                    rs.getObject(1, UUID.class),
                                    id -> new Reservation(id, orderId, statusOf(rs), new HashMap<>()))
                            .lines()
                            .put(rs.getString(4), rs.getInt(5));
                }
            }
        }
        return List.copyOf(found.values());
    }

    private static String statusOf(java.sql.ResultSet rs) {
        try {
            return rs.getString(3);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Invariant 3; skipped on a schema without reservation expiry. */
    private static void expiry(Connection c, List<String> violations, List<String> notes) throws SQLException {
        if (!hasColumn(c, "reservations", "expires_at")) {
            notes.add("skipped: column expires_at not present (no reservation can be judged HELD past its expiry)");
            return;
        }
        try (var st = c.prepareStatement("select id, order_id, expires_at from reservations where status = 'HELD'"
                + " and expires_at < now() - make_interval(secs => ?)"); ) {
            st.setInt(1, EXPIRY_GRACE_SECONDS);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    violations.add("reservation " + rs.getString(1) + " (order key " + rs.getString(2)
                            + ") still HELD, it expired at " + rs.getString(3));
                }
            }
        }
    }

    /** Invariant 4: stock taken = what the soak's reservations hold, corrected for older holds given back meanwhile. */
    private static void stock(
            Connection c,
            SoakBaseline baseline,
            List<Reservation> reservations,
            Map<String, Integer> after,
            List<String> violations)
            throws SQLException {
        var held = new HashMap<String, Integer>();
        reservations.stream()
                .filter(r -> !r.status().equals("RELEASED"))
                .forEach(r -> r.lines().forEach((sku, q) -> held.merge(sku, q, Integer::sum)));
        var returned = new HashMap<String, Integer>();
        if (!baseline.heldBefore().isEmpty()) {
            try (var st =
                    c.prepareStatement("select id from reservations where id = any (?) and status = 'RELEASED'")) {
                st.setArray(
                        1,
                        c.createArrayOf("uuid", baseline.heldBefore().keySet().toArray()));
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        baseline.heldBefore()
                                .get(rs.getObject(1, UUID.class))
                                .forEach((sku, q) -> returned.merge(sku, q, Integer::sum));
                    }
                }
            }
        }
        for (var e : baseline.stock().entrySet()) {
            var sku = e.getKey();
            int taken = e.getValue() - after.getOrDefault(sku, 0);
            int expected = held.getOrDefault(sku, 0) - returned.getOrDefault(sku, 0);
            if (taken != expected) {
                violations.add("stock of " + sku + " went " + e.getValue() + " -> " + after.get(sku) + " (" + taken
                        + " taken) but COMMITTED and HELD reservations hold " + held.getOrDefault(sku, 0)
                        + (returned.containsKey(sku) ? " and older holds gave back " + returned.get(sku) : ""));
            }
        }
    }

    private static void attempts(SoakBaseline.Databases db, Map<UUID, OrderRow> orders, List<String> notes)
            throws SQLException {
        try (var c = db.open("orders")) {
            if (!hasColumn(c, "orders", "recovery_attempts")) {
                notes.add("skipped: column recovery_attempts not present (no recovery attempt figures)");
                return;
            }
            try (var st =
                    c.prepareStatement("select coalesce(max(recovery_attempts), 0), coalesce(sum(recovery_attempts), 0)"
                            + " from orders where id = any (?)")) {
                st.setArray(1, c.createArrayOf("uuid", orders.keySet().toArray()));
                try (var rs = st.executeQuery()) {
                    rs.next();
                    notes.add("recovery attempts: max " + rs.getInt(1) + " per order, " + rs.getLong(2) + " in all");
                }
            }
        }
    }

    static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (var st = c.prepareStatement(
                "select 1 from information_schema.columns where table_name = ? and column_name = ?")) {
            st.setString(1, table);
            st.setString(2, column);
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<String> statuses(List<Reservation> reservations) {
        return reservations == null
                ? List.of()
                : reservations.stream().map(Reservation::status).toList();
    }
}
