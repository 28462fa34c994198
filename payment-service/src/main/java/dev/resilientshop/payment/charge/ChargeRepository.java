package dev.resilientshop.payment.charge;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Charges in PostgreSQL. Each method is one short statement on a connection held only for that
 * statement: the fraud call happens before {@link #insert}, never while a connection is checked
 * out, so a slow provider cannot drain the pool (seed 003's cascade).
 */
@ApplicationScoped
class ChargeRepository {

    private static final String COLUMNS =
            "id, order_id, amount_cents, currency, status, decline_reason, card_last4, created_at";

    /** A charge and the fingerprint of the request that made it (null for charges from before it was kept). */
    record Keyed(Charge charge, String fingerprint) {}

    private final DataSource dataSource;

    ChargeRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records a decided charge; empty when another request already recorded one under the same
     * idempotency key. The UNIQUE constraint does the deduplication, so concurrent duplicates
     * cannot both get in whatever their timing.
     */
    Optional<Charge> insert(ChargeRequest.Valid request, String idempotencyKey, String status, String declineReason)
            throws SQLException {
        try (var c = dataSource.getConnection();
                var insert = c.prepareStatement(
                        "insert into charges (id, order_id, idempotency_key, amount_cents, currency, status, decline_reason, card_last4,"
                                + " request_fingerprint) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " on conflict (idempotency_key) do nothing returning " + COLUMNS)) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, request.orderId());
            insert.setString(3, idempotencyKey);
            insert.setLong(4, request.amountCents());
            insert.setString(5, request.currency());
            insert.setString(6, status);
            insert.setString(7, declineReason);
            insert.setString(8, request.cardLast4());
            insert.setString(9, request.fingerprint());
            return first(insert);
        }
    }

    /** The charge recorded under this key, with the fingerprint of the request that made it. */
    Optional<Keyed> findByKey(String idempotencyKey) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement(
                        "select " + COLUMNS + ", request_fingerprint from charges where idempotency_key = ?")) {
            select.setString(1, idempotencyKey);
            try (var rs = select.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Keyed(map(rs), rs.getString("request_fingerprint")))
                        : Optional.empty();
            }
        }
    }

    Optional<Charge> find(UUID id) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement("select " + COLUMNS + " from charges where id = ?")) {
            select.setObject(1, id);
            return first(select);
        }
    }

    List<Charge> findByOrder(UUID orderId) throws SQLException {
        try (var c = dataSource.getConnection();
                var select = c.prepareStatement(
                        "select " + COLUMNS + " from charges where order_id = ? order by created_at, id")) {
            select.setObject(1, orderId);
            var charges = new ArrayList<Charge>();
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    charges.add(map(rs));
                }
            }
            return charges;
        }
    }

    /** CAPTURED → REFUNDED; empty when the charge is not (or no longer) CAPTURED. */
    Optional<Charge> refund(UUID id) throws SQLException {
        try (var c = dataSource.getConnection();
                var update = c.prepareStatement(
                        "update charges set status = 'REFUNDED', updated_at = now() where id = ? and status = 'CAPTURED' returning "
                                + COLUMNS)) {
            update.setObject(1, id);
            return first(update);
        }
    }

    private static Optional<Charge> first(PreparedStatement statement) throws SQLException {
        try (var rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static Charge map(ResultSet rs) throws SQLException {
        return new Charge(
                rs.getObject("id", UUID.class),
                rs.getObject("order_id", UUID.class),
                rs.getLong("amount_cents"),
                rs.getString("currency"),
                rs.getString("status"),
                rs.getString("decline_reason"),
                rs.getString("card_last4"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
