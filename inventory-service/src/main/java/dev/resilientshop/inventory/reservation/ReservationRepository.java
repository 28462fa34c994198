package dev.resilientshop.inventory.reservation;

import dev.resilientshop.kit.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes and gives back stock in single transactions.
 *
 * <p>The invariant: {@code available} never goes below zero, however many reservations race.
 * Each line is one conditional {@code UPDATE ... WHERE available >= ?}; PostgreSQL's row lock
 * serialises competing updates of the same SKU, and the second one re-reads the row after the
 * first commits, so 50 parallel reservations of a product with 10 in stock let exactly 10
 * through. Lines are applied in SKU order so two multi-line reservations cannot deadlock.
 */
@ApplicationScoped
class ReservationRepository {

    record Outcome(Reservation reservation, boolean created) {}

    private final DataSource dataSource;
    private final Duration holdFor;

    ReservationRepository(
            DataSource dataSource,
            @ConfigProperty(name = "inventory.reservation.hold-for", defaultValue = "15m") Duration holdFor) {
        if (holdFor.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("inventory.reservation.hold-for must be at least 1 minute (longer than"
                    + " any checkout and order-service's recovery), but was " + holdFor);
        }
        this.dataSource = dataSource;
        this.holdFor = holdFor;
    }

    /** Holds the lines for {@code orderId} until the order commits or releases them, or {@code hold-for} passes. */
    Outcome reserve(String orderId, SortedMap<String, Integer> lines) throws SQLException {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                var id = UUID.randomUUID();
                try (var insert = c.prepareStatement(
                        "insert into reservations (id, order_id, status, expires_at)"
                                + " values (?, ?, 'HELD', now() + ? * interval '1 millisecond') on conflict (order_id) do nothing")) {
                    insert.setObject(1, id);
                    insert.setString(2, orderId);
                    insert.setLong(3, holdFor.toMillis());
                    if (insert.executeUpdate() == 0) {
                        // This order already holds a reservation (a retry): answer with it, take nothing.
                        c.rollback();
                        return new Outcome(findByOrder(c, orderId).orElseThrow(), false);
                    }
                }
                for (var line : lines.entrySet()) {
                    take(c, line.getKey(), line.getValue());
                }
                try (var insertLine = c.prepareStatement(
                        "insert into reservation_lines (reservation_id, sku, quantity) values (?, ?, ?)")) {
                    for (var line : lines.entrySet()) {
                        insertLine.setObject(1, id);
                        insertLine.setString(2, line.getKey());
                        insertLine.setInt(3, line.getValue());
                        insertLine.addBatch();
                    }
                    insertLine.executeBatch();
                }
                var created = load(c, id).orElseThrow();
                c.commit();
                return new Outcome(created, true);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void take(Connection c, String sku, int quantity) throws SQLException {
        try (var update = c.prepareStatement(
                "update stock set available = available - ?, updated_at = now() where sku = ? and available >= ?")) {
            update.setInt(1, quantity);
            update.setString(2, sku);
            update.setInt(3, quantity);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (var check = c.prepareStatement("select available from stock where sku = ?")) {
            check.setString(1, sku);
            try (var rs = check.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.invalid(Map.of("items.sku", "'" + sku + "' is not in the catalog"));
                }
                throw ApiException.conflict(
                        "Not enough stock for " + sku + ": " + quantity + " requested, " + rs.getInt(1) + " available",
                        Map.of("sku", sku, "requested", quantity, "available", rs.getInt(1)));
            }
        }
    }

    /** HELD → RELEASED, and the stock goes back. Releasing twice is a no-op; a COMMITTED reservation is kept. */
    Optional<Reservation> release(UUID id) throws SQLException {
        return transition(id, "RELEASED", true);
    }

    /** HELD → COMMITTED: the order is confirmed and this stock is sold. */
    Optional<Reservation> commit(UUID id) throws SQLException {
        return transition(id, "COMMITTED", false);
    }

    private Optional<Reservation> transition(UUID id, String target, boolean giveBack) throws SQLException {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String current;
                try (var lock = c.prepareStatement("select status from reservations where id = ? for update")) {
                    lock.setObject(1, id);
                    try (var rs = lock.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Optional.empty();
                        }
                        current = rs.getString(1);
                    }
                }
                if (!current.equals(target)) {
                    if (!current.equals("HELD")) {
                        throw ApiException.conflict(
                                "Reservation " + id + " is " + current + " and cannot become " + target,
                                Map.of("status", current));
                    }
                    try (var update =
                            c.prepareStatement("update reservations set status = ?, updated_at = now() where id = ?")) {
                        update.setString(1, target);
                        update.setObject(2, id);
                        update.executeUpdate();
                    }
                    if (giveBack) {
                        try (var back = c.prepareStatement("""
                                update stock s set available = s.available + l.quantity, updated_at = now()
                                  from reservation_lines l where l.reservation_id = ? and l.sku = s.sku
                                """)) {
                            back.setObject(1, id);
                            back.executeUpdate();
                        }
                    }
                }
                var result = load(c, id);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    Optional<Reservation> find(UUID id) throws SQLException {
        try (var c = dataSource.getConnection()) {
            return load(c, id);
        }
    }

    private static Optional<Reservation> findByOrder(Connection c, String orderId) throws SQLException {
        try (var st = c.prepareStatement("select id from reservations where order_id = ?")) {
            st.setString(1, orderId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? load(c, rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    private static Optional<Reservation> load(Connection c, UUID id) throws SQLException {
        String orderId;
        String status;
        OffsetDateTime createdAt;
        OffsetDateTime expiresAt;
        try (var st =
                c.prepareStatement("select order_id, status, created_at, expires_at from reservations where id = ?")) {
            st.setObject(1, id);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                orderId = rs.getString(1);
                status = rs.getString(2);
                createdAt = rs.getObject(3, OffsetDateTime.class);
                expiresAt = rs.getObject(4, OffsetDateTime.class);
            }
        }
        var lines = new ArrayList<Reservation.Line>();
        try (var st = c.prepareStatement(
                "select sku, quantity from reservation_lines where reservation_id = ? order by sku")) {
            st.setObject(1, id);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    lines.add(new Reservation.Line(rs.getString(1), rs.getInt(2)));
                }
            }
        }
        return Optional.of(new Reservation(id, orderId, status, lines, createdAt, expiresAt, null));
    }
}
