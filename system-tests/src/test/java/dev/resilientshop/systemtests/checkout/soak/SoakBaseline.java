package dev.resilientshop.systemtests.checkout.soak;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the databases looked like when the soak started, so the stock arithmetic can be checked at
 * the end: the database's own clock ({@code since}), each soak SKU's available stock, and the
 * reservations on those SKUs still HELD from before (a sweep or a late compensation may give their
 * stock back during the soak, which is legitimate and must not count as stock appearing from nowhere).
 */
record SoakBaseline(OffsetDateTime since, Map<String, Integer> stock, Map<UUID, Map<String, Integer>> heldBefore) {

    interface Databases {
        Connection open(String name) throws SQLException;
    }

    /** Sets each SKU's stock to its level (only soak SKUs, only these rows) and records the baseline; returns the levels found before. */
    static Map<String, Integer> topUp(Databases db, Map<String, Integer> levels) throws SQLException {
        try (var c = db.open("inventory")) {
            var found = stock(c, List.copyOf(levels.keySet()));
            if (!found.keySet().equals(levels.keySet())) {
                throw new IllegalStateException("soak SKUs missing from the inventory database: " + levels.keySet()
                        + " found " + found.keySet());
            }
            try (var st = c.prepareStatement("update stock set available = ?, updated_at = now() where sku = ?")) {
                for (var e : levels.entrySet()) {
                    st.setInt(1, e.getValue());
                    st.setString(2, e.getKey());
                    st.executeUpdate();
                }
            }
            return found;
        }
    }

    static SoakBaseline capture(Databases db, List<String> skus) throws SQLException {
        try (var c = db.open("inventory")) {
            OffsetDateTime since;
            try (var st = c.prepareStatement("select now()");
                    var rs = st.executeQuery()) {
                rs.next();
                since = rs.getObject(1, OffsetDateTime.class);
            }
            return new SoakBaseline(since, stock(c, skus), held(c, skus));
        }
    }

    static Map<String, Integer> stock(Connection c, List<String> skus) throws SQLException {
        var stock = new LinkedHashMap<String, Integer>();
        try (var st = c.prepareStatement("select sku, available from stock where sku = any (?) order by sku")) {
            st.setArray(1, c.createArrayOf("text", skus.toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    stock.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return stock;
    }

    private static Map<UUID, Map<String, Integer>> held(Connection c, List<String> skus) throws SQLException {
        var held = new HashMap<UUID, Map<String, Integer>>();
        try (var st = c.prepareStatement("select r.id, l.sku, l.quantity from reservations r join reservation_lines l"
                + " on l.reservation_id = r.id where r.status = 'HELD' and l.sku = any (?)")) {
            st.setArray(1, c.createArrayOf("text", skus.toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    held.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
                            .put(rs.getString(2), rs.getInt(3));
                }
            }
        }
        return held;
    }
}
