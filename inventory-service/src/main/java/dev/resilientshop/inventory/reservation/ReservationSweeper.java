package dev.resilientshop.inventory.reservation;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Gives back the stock of HELD reservations past their {@code expires_at}.
 *
 * <p>Failure it prevents (issue 12, hole 3): stock held forever by a reservation nobody owns (an
 * invented orderId, a checkout that was abandoned and never settled), so the shop shows "sold
 * out" for goods on the shelf.
 *
 * <p>Why it never races a payment: the sweep locks the rows it releases with {@code FOR UPDATE
 * SKIP LOCKED} and re-reads {@code status = 'HELD'} under that lock. A commit that reaches a row
 * first (it locks the row too) wins: the sweep skips the row while the commit holds it, and finds
 * it COMMITTED afterwards. A commit that comes after the sweep gets 409, which order-service reads
 * as "the stock went back" and takes a fresh reservation or refunds. Both replicas sweep; SKIP
 * LOCKED makes them share the work instead of waiting for each other. Stock rows are updated in
 * SKU order, as reservations take them, so a sweep cannot deadlock with a reservation.
 *
 * <p>Every {@code inventory.reservation.sweep-every} (default 30 s; {@code off} in tests, which
 * call {@link #sweep()}), at most {@value #BATCH} rows per round.
 */
@ApplicationScoped
class ReservationSweeper {

    static final int BATCH = 100;
    private static final Logger LOG = Logger.getLogger(ReservationSweeper.class);

    private final DataSource dataSource;

    ReservationSweeper(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Scheduled(
            every = "${inventory.reservation.sweep-every:30s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sweep();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("reservation sweep failed, next round retries: %s", e.toString());
        }
    }

    /** Releases up to {@value #BATCH} expired HELD reservations in one transaction; returns how many. */
    int sweep() throws SQLException {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                var expired = lockExpired(c);
                if (!expired.isEmpty()) {
                    release(c, expired);
                }
                c.commit();
                if (!expired.isEmpty()) {
                    LOG.infof("released %d expired reservations: %s", expired.size(), expired);
                }
                return expired.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static List<UUID> lockExpired(Connection c) throws SQLException {
        try (var select = c.prepareStatement("select id from reservations where status = 'HELD' and expires_at < now()"
                + " order by expires_at limit " + BATCH + " for update skip locked")) {
            var ids = new ArrayList<UUID>();
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    private static void release(Connection c, List<UUID> ids) throws SQLException {
        var array = c.createArrayOf("uuid", ids.toArray());
        try (var update = c.prepareStatement(
                "update reservations set status = 'RELEASED', updated_at = now() where id = any(?) and status = 'HELD'")) {
            update.setArray(1, array);
            update.executeUpdate();
        }
        try (var back = c.prepareStatement("""
                update stock s set available = s.available + t.quantity, updated_at = now()
                  from (select sku, sum(quantity) as quantity from reservation_lines
                         where reservation_id = any(?) group by sku) t
                 where s.sku = t.sku and s.sku = ?
                """);
                var skus = c.prepareStatement(
                        "select distinct sku from reservation_lines where reservation_id = any(?) order by sku")) {
            skus.setArray(1, array);
            try (var rs = skus.executeQuery()) {
                while (rs.next()) {
                    back.setArray(1, array);
                    back.setString(2, rs.getString(1));
                    back.executeUpdate();
                }
            }
        }
    }
}
