package dev.resilientshop.order.checkout;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Orders and their lines in PostgreSQL. Every method holds a connection only for its own
 * statements: the saga's calls to other services happen between them, never inside a
 * transaction, so a slow dependency cannot pin the connection pool.
 */
@ApplicationScoped
class OrderRepository {

    record NewOrder(
            String idempotencyKey,
            String fingerprint,
            String customerName,
            String customerEmail,
            List<Order.Line> lines,
            long totalCents,
            String currency) {}

    private static final String COLUMNS = "id, status, total_cents, currency, customer_name, customer_email,"
            + " view_token, decline_reason, created_at";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;

    OrderRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes a PENDING order and its lines in one transaction; empty when an order already exists
     * for the idempotency key. The UNIQUE key decides, so concurrent duplicates cannot both get in.
     */
    Optional<Order> create(NewOrder order, UUID lockToken, Duration lease) throws SQLException {
        var id = UUID.randomUUID();
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (var insert = c.prepareStatement(
                        "insert into orders (id, idempotency_key, request_fingerprint, status, customer_name, customer_email,"
                                + " total_cents, currency, recovery_point, lock_token, locked_until, view_token)"
                                + " values (?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, now() + ? * interval '1 millisecond', ?)"
                                + " on conflict (idempotency_key) do nothing")) {
                    insert.setObject(1, id);
                    insert.setString(2, order.idempotencyKey());
                    insert.setString(3, order.fingerprint());
                    insert.setString(4, order.customerName());
                    insert.setString(5, order.customerEmail());
                    insert.setLong(6, order.totalCents());
                    insert.setString(7, order.currency());
                    insert.setString(8, RecoveryPoint.STARTED.column());
                    insert.setObject(9, lockToken);
                    insert.setLong(10, lease.toMillis());
                    insert.setString(11, viewToken());
                    if (insert.executeUpdate() == 0) {
                        c.rollback();
                        return Optional.empty();
                    }
                }
                try (var line = c.prepareStatement(
                        "insert into order_lines (order_id, line_no, sku, quantity, unit_price_cents) values (?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < order.lines().size(); i++) {
                        var l = order.lines().get(i);
                        line.setObject(1, id);
                        line.setInt(2, i);
                        line.setString(3, l.sku());
                        line.setInt(4, l.quantity());
                        line.setLong(5, l.unitPriceCents());
                        line.addBatch();
                    }
                    line.executeBatch();
                }
                var created = load(c, id);
                c.commit();
                return created;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Records a saga step: the new status and recovery point, plus whatever the step learned.
     * Fenced: only the attempt holding the key's lock ({@code lockToken}) may write; a late
     * attempt whose lease was taken over gets {@link LostLockException} and stops.
     */
    void advance(
            UUID id,
            UUID lockToken,
            OrderStatus status,
            RecoveryPoint point,
            UUID reservationId,
            UUID chargeId,
            String declineReason)
            throws SQLException {
        update(id, lockToken, status, point, reservationId, chargeId, declineReason, "");
    }

    /** The last step of an attempt that may go on later: the state, and the lock released. */
    void pause(UUID id, UUID lockToken, OrderStatus status, RecoveryPoint point) throws SQLException {
        update(id, lockToken, status, point, null, null, null, ", lock_token = null, locked_until = null");
    }

    /** The final answer: the state, the response that every later request with the key gets, the lock released. */
    void finish(
            UUID id,
            UUID lockToken,
            OrderStatus status,
            RecoveryPoint point,
            String declineReason,
            int responseStatus,
            String responseBody)
            throws SQLException {
        try (var c = dataSource.getConnection();
                var update = c.prepareStatement(
                        "update orders set status = ?, recovery_point = ?, decline_reason = coalesce(?, decline_reason),"
                                + " response_status = ?, response_body = ?, lock_token = null, locked_until = null,"
                                + " updated_at = now() where id = ? and lock_token = ?")) {
            update.setString(1, status.name());
            update.setString(2, point.column());
            update.setString(3, declineReason);
            update.setInt(4, responseStatus);
            update.setString(5, responseBody);
            update.setObject(6, id);
            update.setObject(7, lockToken);
            if (update.executeUpdate() == 0) {
                throw new LostLockException(id);
            }
        }
    }

    /** After a release: the next reservation gets a new key ({@code <id>-<n>}); back to STARTED. */
    int nextReservation(UUID id, UUID lockToken) throws SQLException {
        try (var c = dataSource.getConnection();
                var update = c.prepareStatement(
                        "update orders set reservation_attempt = reservation_attempt + 1, reservation_id = null,"
                                + " recovery_point = 'started', updated_at = now() where id = ? and lock_token = ?"
                                + " returning reservation_attempt")) {
            update.setObject(1, id);
            update.setObject(2, lockToken);
            try (var rs = update.executeQuery()) {
                if (!rs.next()) {
                    throw new LostLockException(id);
                }
                return rs.getInt(1);
            }
        }
    }

    private void update(
            UUID id,
            UUID lockToken,
            OrderStatus status,
            RecoveryPoint point,
            UUID reservationId,
            UUID chargeId,
            String declineReason,
            String unlock)
            throws SQLException {
        try (var c = dataSource.getConnection();
                var update = c.prepareStatement(
                        "update orders set status = ?, recovery_point = ?, reservation_id = coalesce(?, reservation_id),"
                                + " charge_id = coalesce(?, charge_id), decline_reason = coalesce(?, decline_reason),"
                                + " updated_at = now()" + unlock + " where id = ? and lock_token = ?")) {
            update.setString(1, status.name());
            update.setString(2, point.column());
            update.setObject(3, reservationId);
            update.setObject(4, chargeId);
            update.setString(5, declineReason);
            update.setObject(6, id);
            update.setObject(7, lockToken);
            if (update.executeUpdate() == 0) {
                throw new LostLockException(id);
            }
        }
    }

    /**
     * Takes the key's lock for a new attempt, if no attempt holds it (or its lease ran out) and
     * the checkout has no final answer yet ({@code answeredToo}: the recovery job finishes the
     * work owed after an answer, e.g. the commit of a confirmed order).
     */
    boolean lock(UUID id, UUID lockToken, Duration lease, boolean answeredToo) throws SQLException {
        try (var c = dataSource.getConnection();
                var update = c.prepareStatement(
                        "update orders set lock_token = ?, locked_until = now() + ? * interval '1 millisecond'"
                                + " where id = ? and (locked_until is null or locked_until < now())"
                                + (answeredToo ? "" : " and response_status is null"))) {
            update.setObject(1, lockToken);
            update.setLong(2, lease.toMillis());
            update.setObject(3, id);
            return update.executeUpdate() == 1;
        }
    }

    /** Where a checkout stands, for the key's next request or the recovery job. */
    Optional<Checkout> checkout(String idempotencyKey, UUID id) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement(
                        "select id, request_fingerprint, status, recovery_point, reservation_id, charge_id, reservation_attempt,"
                                + " total_cents, currency, customer_email, response_status, response_body,"
                                + " case when locked_until > now() then ceil(extract(epoch from locked_until - now()) * 1000)::bigint"
                                + " else 0 end as lock_left_ms"
                                + " from orders where " + (id == null ? "idempotency_key = ?" : "id = ?"))) {
            if (id == null) {
                select.setString(1, idempotencyKey);
            } else {
                select.setObject(1, id);
            }
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int response = rs.getInt("response_status");
                Integer responseStatus = rs.wasNull() ? null : response;
                return Optional.of(new Checkout(
                        rs.getObject("id", UUID.class),
                        rs.getString("request_fingerprint"),
                        OrderStatus.valueOf(rs.getString("status")),
                        RecoveryPoint.valueOf(rs.getString("recovery_point").toUpperCase(java.util.Locale.ROOT)),
                        rs.getObject("reservation_id", UUID.class),
                        rs.getObject("charge_id", UUID.class),
                        rs.getInt("reservation_attempt"),
                        rs.getLong("total_cents"),
                        rs.getString("currency"),
                        rs.getString("customer_email"),
                        responseStatus,
                        rs.getString("response_body"),
                        rs.getLong("lock_left_ms")));
            }
        }
    }

    /**
     * Orders whose checkout stopped half-way, that nobody has touched for {@code idle} and whose
     * backoff has run out: the recovery job's work. NEEDS_ATTENTION orders are a person's.
     */
    List<UUID> abandoned(Duration idle, int limit) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement(
                        "select id from orders where recovery_point <> 'finished' and status <> 'NEEDS_ATTENTION'"
                                + " and updated_at < now() - ? * interval '1 millisecond'"
                                + " and (next_recovery_at is null or next_recovery_at < now())"
                                + " and (locked_until is null or locked_until < now()) order by updated_at limit ?")) {
            select.setLong(1, idle.toMillis());
            select.setInt(2, limit);
            var ids = new ArrayList<UUID>();
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    /**
     * Recovery could not settle the order this time: one more attempt counted, the next one not
     * before {@code base * 2^(attempts-1)} (at most {@code cap}), the lock released. At
     * {@code maxAttempts} the order becomes NEEDS_ATTENTION. Returns the attempts so far.
     */
    int recoveryFailed(UUID id, UUID lockToken, int maxAttempts, Duration base, Duration cap) throws SQLException {
        try (var c = dataSource.getConnection();
                var update = c.prepareStatement("update orders set recovery_attempts = recovery_attempts + 1,"
                        + " next_recovery_at = now() + least(?, ? * power(2, recovery_attempts)) * interval '1 millisecond',"
                        + " status = case when recovery_attempts + 1 >= ? then 'NEEDS_ATTENTION' else status end,"
                        + " lock_token = null, locked_until = null where id = ? and lock_token = ?"
                        + " returning recovery_attempts")) {
            update.setLong(1, cap.toMillis());
            update.setLong(2, base.toMillis());
            update.setInt(3, maxAttempts);
            update.setObject(4, id);
            update.setObject(5, lockToken);
            try (var rs = update.executeQuery()) {
                if (!rs.next()) {
                    throw new LostLockException(id);
                }
                return rs.getInt(1);
            }
        }
    }

    /**
     * Orders that are not finished, by recovery point, counting only those idle for longer than
     * {@code idle} (a checkout in flight is not "unsettled"); NEEDS_ATTENTION ones under
     * {@code needs_attention} whatever their age.
     */
    Map<String, Long> unsettled(Duration idle) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement(
                        "select case when status = 'NEEDS_ATTENTION' then 'needs_attention' else recovery_point end, count(*)"
                                + " from orders where recovery_point <> 'finished' and (status = 'NEEDS_ATTENTION'"
                                + " or updated_at < now() - ? * interval '1 millisecond') group by 1")) {
            select.setLong(1, idle.toMillis());
            var counts = new HashMap<String, Long>();
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            return counts;
        }
    }

    /**
     * Forgets the idempotency keys created before {@code cutoff} whose checkout is over (24 h by
     * default, as Stripe): the order stays, the key may be used again for a new checkout.
     */
    int reapKeys(OffsetDateTime cutoff) throws SQLException {
        try (var c = dataSource.getConnection();
                var update = c.prepareStatement("update orders set idempotency_key = null, response_body = null"
                        + " where idempotency_key is not null and key_created_at < ?"
                        + " and (response_status is not null or recovery_point = 'finished')")) {
            update.setObject(1, cutoff);
            return update.executeUpdate();
        }
    }

    Optional<Order> find(UUID id) throws SQLException {
        try (var c = dataSource.getConnection()) {
            return load(c, id);
        }
    }

    /** The order shown to whoever holds its view token (the confirmation page's link). */
    Optional<Order> findByViewToken(String viewToken) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement("select id from orders where view_token = ?")) {
            select.setString(1, viewToken);
            try (var rs = select.executeQuery()) {
                return rs.next() ? load(c, rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    Optional<Order> findByKey(String idempotencyKey) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement("select id from orders where idempotency_key = ?")) {
            select.setString(1, idempotencyKey);
            try (var rs = select.executeQuery()) {
                return rs.next() ? load(c, rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /** 256 random bits, hex: unguessable, and fits the page's {@code /orders/{ref}} path as it is. */
    private static String viewToken() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Optional<Order> load(Connection c, UUID id) throws SQLException {
        var lines = new ArrayList<Order.Line>();
        try (var select = c.prepareStatement(
                "select sku, quantity, unit_price_cents from order_lines where order_id = ? order by line_no")) {
            select.setObject(1, id);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    lines.add(new Order.Line(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                }
            }
        }
        try (var select = c.prepareStatement("select " + COLUMNS + " from orders where id = ?")) {
            select.setObject(1, id);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Order(
                        id,
                        OrderStatus.valueOf(rs.getString("status")),
                        List.copyOf(lines),
                        rs.getLong("total_cents"),
                        rs.getString("currency"),
                        new Order.Customer(rs.getString("customer_name"), rs.getString("customer_email")),
                        rs.getString("decline_reason"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getString("view_token")));
            }
        }
    }
}
