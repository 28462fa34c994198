package dev.resilientshop.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The stock a test class takes from the shared inventory database, put back when it ends (issue 17,
 * item 12: a test that buys a real SKU on every run empties it one day). {@link #open} notes each
 * SKU's level before the class changes it; {@link #topUp} raises a SKU to a working level and
 * remembers by how much; {@link #restoreAndCheck} takes the top-ups back, returns the units that
 * reservations made since {@link #open} COMMITTED, and asserts that the stock plus what such
 * reservations still HOLD (it comes back when they are released or expire) is the level found at
 * the start. So the check fails if stock left other than through this class's reservations, or if
 * the restore misses a unit.
 *
 * <p>A test class registers it once and the class's lifecycle does the rest (after the
 * {@link Shop} extension has started the shop, and before the shop is left):
 *
 * <pre>
 *   &#64;RegisterExtension
 *   static final StockLedger stock = StockLedger.of("GAR-0001");
 * </pre>
 */
public final class StockLedger implements BeforeAllCallback, AfterAllCallback {

    private final String[] skus;
    private final Map<String, Integer> found = new LinkedHashMap<>();
    private final Map<String, Integer> added = new LinkedHashMap<>();
    private Shop shop;
    private OffsetDateTime since;

    private StockLedger(String... skus) {
        this.skus = skus.clone();
    }

    /** A ledger for {@code skus}, opened before the class's first test and checked after its last. */
    public static StockLedger of(String... skus) {
        return new StockLedger(skus);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        open(Shop.get());
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        restoreAndCheck();
    }

    /** Notes each SKU's level (and the database's clock, so reservations compare with it). */
    void open(Shop shop) throws SQLException {
        this.shop = shop;
        found.clear();
        added.clear();
        try (var c = shop.database("inventory");
                var st = c.createStatement();
                var rs = st.executeQuery("select now()")) {
            rs.next();
            since = rs.getObject(1, OffsetDateTime.class);
            for (var sku : skus) {
                found.put(sku, stock(c, sku));
                added.put(sku, 0);
            }
        }
    }

    /** Sets the SKU's stock to {@code level} (a SKU given to {@link #open}) and notes the change. */
    public void topUp(String sku, int level) throws SQLException {
        assertThat(found).as("SKUs in this ledger").containsKey(sku);
        try (var c = shop.database("inventory");
                var st = c.prepareStatement("""
                with old as (select available from stock where sku = ? for update)
                update stock s set available = ? from old where s.sku = ? returning old.available""")) {
            st.setString(1, sku);
            st.setInt(2, level);
            st.setString(3, sku);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).as("stock row of %s", sku).isTrue();
                added.merge(sku, level - rs.getInt(1), Integer::sum);
            }
        }
    }

    /** The level {@link #open} found. */
    public int found(String sku) {
        return found.get(sku);
    }

    /** Puts back what the class took and asserts, per SKU, stock + still held = the level found at the start. */
    void restoreAndCheck() throws SQLException {
        try (var c = shop.database("inventory")) {
            for (var e : found.entrySet()) {
                var sku = e.getKey();
                int committed = units(c, sku, "COMMITTED");
                try (var st = c.prepareStatement("update stock set available = available - ? + ? where sku = ?")) {
                    st.setInt(1, added.get(sku));
                    st.setInt(2, committed);
                    st.setString(3, sku);
                    assertThat(st.executeUpdate()).isEqualTo(1);
                }
                int held = units(c, sku, "HELD");
                int after = stock(c, sku);
                System.out.printf(
                        "stock ledger %s: found %d, topped up by %d, %d committed (put back), %d still held -> %d%n",
                        sku, e.getValue(), added.get(sku), committed, held, after);
                assertThat(after + held)
                        .as("stock of %s after the class (+ %d still held) = the level before it", sku, held)
                        .isEqualTo(e.getValue());
            }
        }
    }

    private int units(Connection c, String sku, String status) throws SQLException {
        try (var st = c.prepareStatement("""
                select coalesce(sum(l.quantity), 0) from reservation_lines l join reservations r on r.id = l.reservation_id
                where l.sku = ? and r.status = ? and r.created_at >= ?""")) {
            st.setString(1, sku);
            st.setString(2, status);
            st.setObject(3, since);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int stock(Connection c, String sku) throws SQLException {
        try (var st = c.prepareStatement("select available from stock where sku = ?")) {
            st.setString(1, sku);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).as("stock row of %s", sku).isTrue();
                return rs.getInt(1);
            }
        }
    }
}
