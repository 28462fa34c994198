package dev.resilientshop.systemtests.checkout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scans the three databases of a checkout (orders, payments, inventory) and reports every broken
 * promise of issue 7: a charge without a confirmed order, a confirmed order without (exactly one)
 * charge, a reservation holding stock without a live order, a confirmed order whose reservation
 * went back. Self-contained (JDK + the PostgreSQL driver), so a person runs it with
 * {@code scripts/consistency-check} and every drill runs it after its last request.
 *
 * <p>An order is <em>live</em> while it is PENDING or CONFIRMED, or while its recovery point is not
 * {@code finished} (a retry with its key, or order-service's Recovery job, will still settle it);
 * its charges and reservation are judged once it is settled. Scope: {@code since} (orders, charges
 * and reservations created at or after it) and {@code skuPrefix} (only orders and reservations
 * with a line of those SKUs; charges only through their order), so drills on a shared database
 * judge only their own rows.
 *
 * <p>Issue 12 adds: a reservation still HELD more than {@value #EXPIRY_GRACE_SECONDS} s past its
 * {@code expires_at} (held stock nobody owns; skipped, saying so, on a schema without the column), a
 * CONFIRMED and settled order whose reservation was never committed, and {@code NEEDS_ATTENTION}, the
 * terminal state of an order recovery gave up on: settled (not counted as settling), listed for a
 * person, and its charge or held stock judged like any other settled order's.
 */
public final class ConsistencyChecker {

    public record Scope(OffsetDateTime since, String skuPrefix) {
        public static Scope everything() {
            return new Scope(null, null);
        }
    }

    public record Report(
            int orders, int charges, int reservations, int unsettled, List<String> findings, List<String> notes) {
        @Override
        public String toString() {
            var sb = new StringBuilder("checked " + orders + " orders, " + charges + " charges, " + reservations
                    + " reservations (" + unsettled + " orders still settling): " + findings.size() + " findings");
            notes.forEach(n -> sb.append("\n  ").append(n));
            findings.forEach(f -> sb.append("\n  - ").append(f));
            return sb.toString();
        }
    }

    /** Seconds a HELD reservation may outlive its expiry before it counts: the sweep runs periodically. */
    static final int EXPIRY_GRACE_SECONDS = 30;

    private record OrderRow(UUID id, String status, String point, long totalCents) {
        boolean needsAttention() {
            return status.equals("NEEDS_ATTENTION");
        }

        boolean settled() {
            return needsAttention() || point.equals("finished");
        }

        boolean live() {
            return !needsAttention()
                    && (status.equals("PENDING") || status.equals("CONFIRMED") || !point.equals("finished"));
        }
    }

    private record ChargeRow(UUID id, UUID orderId, String status, long amountCents) {}

    private record ReservationRow(UUID id, String orderKey, String status, boolean expired) {}

    public interface Databases {
        Connection open(String name) throws SQLException;
    }

    private ConsistencyChecker() {}

    public static Report check(Databases db, Scope scope) throws SQLException {
        var orders = new HashMap<UUID, OrderRow>();
        try (var c = db.open("orders");
                var st = c.prepareStatement(
                        "select o.id, o.status, o.recovery_point, o.total_cents from orders o"
                                + " where (?::timestamptz is null or o.created_at >= ?::timestamptz)"
                                + " and (?::text is null or exists (select 1 from order_lines l where l.order_id = o.id and l.sku like ? || '%'))")) {
            bind(st, scope);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var o = new OrderRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4));
                    orders.put(o.id(), o);
                }
            }
        }
        var charges = new ArrayList<ChargeRow>();
        try (var c = db.open("payments");
                var st = c.prepareStatement(
                        "select id, order_id, status, amount_cents from charges where (?::timestamptz is null or created_at >= ?::timestamptz)")) {
            st.setObject(1, scope.since());
            st.setObject(2, scope.since());
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var charge = new ChargeRow(
                            rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(4));
                    if (scope.skuPrefix() == null || orders.containsKey(charge.orderId())) {
                        charges.add(charge);
                    }
                }
            }
        }
        var reservations = new ArrayList<ReservationRow>();
        var notes = new ArrayList<String>();
        try (var c = db.open("inventory")) {
            boolean expiry = hasColumn(c, "reservations", "expires_at");
            if (!expiry) {
                notes.add("skipped: column expires_at not present (no reservation can be judged HELD past its expiry)");
            }
            try (var st = c.prepareStatement("select r.id, r.order_id, r.status, "
                    + (expiry ? "r.expires_at < now() - make_interval(secs => " + EXPIRY_GRACE_SECONDS + ")" : "false")
                    + " from reservations r where (?::timestamptz is null or r.created_at >= ?::timestamptz)"
                    + " and (?::text is null or exists (select 1 from reservation_lines l"
                    + " where l.reservation_id = r.id and l.sku like ? || '%'))")) {
                bind(st, scope);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        reservations.add(new ReservationRow(
                                rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
                    }
                }
            }
        }
        // A charge or reservation in scope may belong to an order created just before the window: judge it by that
        // order.
        var missing = new java.util.HashSet<UUID>();
        charges.forEach(ch -> missing.add(ch.orderId()));
        reservations.forEach(r -> {
            var id = orderIdOf(r.orderKey());
            if (id != null) {
                missing.add(id);
            }
        });
        missing.removeAll(orders.keySet());
        var context = new HashMap<UUID, OrderRow>(orders);
        if (!missing.isEmpty()) {
            try (var c = db.open("orders");
                    var st = c.prepareStatement(
                            "select id, status, recovery_point, total_cents from orders where id = any (?)")) {
                st.setArray(1, c.createArrayOf("uuid", missing.toArray()));
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        var o = new OrderRow(
                                rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4));
                        context.put(o.id(), o);
                    }
                }
            }
        }
        return judge(orders, context, charges, reservations, notes);
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (var st = c.prepareStatement(
                "select 1 from information_schema.columns where table_name = ? and column_name = ?")) {
            st.setString(1, table);
            st.setString(2, column);
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void bind(java.sql.PreparedStatement st, Scope scope) throws SQLException {
        st.setObject(1, scope.since());
        st.setObject(2, scope.since());
        st.setString(3, scope.skuPrefix());
        st.setString(4, scope.skuPrefix());
    }

    /** {@code orders}: the orders in scope (each judged); {@code known}: those plus the orders of in-scope charges and reservations. */
    private static Report judge(
            Map<UUID, OrderRow> orders,
            Map<UUID, OrderRow> known,
            List<ChargeRow> charges,
            List<ReservationRow> reservations,
            List<String> notes) {
        var findings = new ArrayList<String>();
        var captured = new HashMap<UUID, List<ChargeRow>>();
        for (var charge : charges) {
            if (!charge.status().equals("CAPTURED")) {
                continue;
            }
            captured.computeIfAbsent(charge.orderId(), k -> new ArrayList<>()).add(charge);
            var order = known.get(charge.orderId());
            if (order == null) {
                findings.add(
                        "charge " + charge.id() + " captured for order " + charge.orderId() + ", which does not exist");
            } else if (!order.status().equals("CONFIRMED") && order.settled()) {
                findings.add("charge " + charge.id() + " captured, but order " + order.id() + " is " + order.status());
            }
        }
        var held = new HashMap<UUID, List<ReservationRow>>();
        for (var r : reservations) {
            UUID orderId = orderIdOf(r.orderKey());
            if (orderId != null) {
                held.computeIfAbsent(orderId, k -> new ArrayList<>()).add(r);
            }
            if (r.status().equals("RELEASED")) {
                continue;
            }
            if (r.expired() && r.status().equals("HELD")) {
                findings.add("reservation " + r.id() + " for order " + r.orderKey() + " still HELD past its expiry");
            }
            var order = orderId == null ? null : known.get(orderId);
            if (order == null) {
                findings.add("reservation " + r.id() + " (" + r.status() + ") for order " + r.orderKey()
                        + ", which does not exist");
            } else if (!order.live()) {
                findings.add("reservation " + r.id() + " still " + r.status() + " for order " + order.id()
                        + ", which is " + order.status());
            } else if (r.status().equals("COMMITTED") && !order.status().equals("CONFIRMED")) {
                findings.add("reservation " + r.id() + " committed for order " + order.id() + ", which is "
                        + order.status());
            }
        }
        int unsettled = 0;
        for (var order : orders.values()) {
            if (!order.settled()) {
                unsettled++;
            }
            if (order.needsAttention()) {
                notes.add("needs attention: order " + order.id() + " (recovery gave up at " + order.point() + ")");
            }
            var paid = captured.getOrDefault(order.id(), List.of());
            if (paid.size() > 1) {
                findings.add("order " + order.id() + " charged " + paid.size() + " times");
            }
            if (!order.status().equals("CONFIRMED")) {
                continue;
            }
            if (paid.isEmpty()) {
                findings.add("order " + order.id() + " confirmed without a captured charge");
            } else if (paid.get(0).amountCents() != order.totalCents()) {
                findings.add("order " + order.id() + " totals " + order.totalCents() + " but was charged "
                        + paid.get(0).amountCents());
            }
            var kept = held.getOrDefault(order.id(), List.of()).stream()
                    .filter(r -> !r.status().equals("RELEASED"))
                    .toList();
            if (kept.size() != 1) {
                findings.add("order " + order.id() + " confirmed with " + kept.size()
                        + " held or committed reservations (expected 1)");
            } else if (order.settled() && !kept.get(0).status().equals("COMMITTED")) {
                findings.add("order " + order.id() + " confirmed and settled, but its reservation "
                        + kept.get(0).id() + " is still " + kept.get(0).status());
            }
        }
        return new Report(orders.size(), charges.size(), reservations.size(), unsettled, findings, notes);
    }

    /** Reservation keys are {@code <orderId>} or {@code <orderId>-<n>} (after a release). */
    static UUID orderIdOf(String key) {
        if (key == null || key.length() < 36) {
            return null;
        }
        try {
            return UUID.fromString(key.substring(0, 36));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code scripts/consistency-check [--since=<ISO-8601>|--since-minutes=N] [--sku=GAR-]}; exit 1 on any finding. */
    public static void main(String[] args) throws SQLException {
        OffsetDateTime since = null;
        String sku = null;
        for (var arg : args) {
            if (arg.startsWith("--since=")) {
                since = OffsetDateTime.parse(arg.substring(8));
            } else if (arg.startsWith("--since-minutes=")) {
                since = OffsetDateTime.now().minusMinutes(Long.parseLong(arg.substring(16)));
            } else if (arg.startsWith("--sku=")) {
                sku = arg.substring(6);
            } else {
                System.err.println(
                        "usage: consistency-check [--since=<ISO-8601> | --since-minutes=N] [--sku=<prefix>]");
                System.exit(2);
            }
        }
        var host = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
        var port = System.getenv().getOrDefault("PGPORT", "5432");
        var user = System.getenv().getOrDefault("PGUSER", "postgres");
        var password = System.getenv().getOrDefault("PGPASSWORD", "");
        var report = check(
                name -> DriverManager.getConnection(
                        "jdbc:postgresql://" + host + ":" + port + "/" + name, user, password),
                new Scope(since, sku));
        System.out.println(report);
        System.exit(report.findings().isEmpty() ? 0 : 1);
    }
}
