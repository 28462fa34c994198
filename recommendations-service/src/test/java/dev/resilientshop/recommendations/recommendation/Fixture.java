package dev.resilientshop.recommendations.recommendation;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A tiny catalog of our own beside the seed, in category {@value #CATEGORY}, so the ranking
 * arithmetic can be asserted exactly. Popularity 1..9 is below every seed item (the seed's
 * lowest is 10), so the fixture never enters the popular lists.
 *
 * <pre>
 * co-purchases (both directions):  TST-0001–TST-0002: 10   TST-0001–TST-0003: 5
 *                                  TST-0004–TST-0005: 30   TST-0004–TST-0002: 4
 * popularity: 0006=9, 0007=8, 0001=5, 0002=4, 0003=3, 0004=2, 0005=1
 * test-user-1 bought TST-0004;  test-user-2 bought TST-0002
 * </pre>
 */
final class Fixture {

    static final String CATEGORY = "zz-test";
    static final String USER_1 = "test-user-1";
    static final String USER_2 = "test-user-2";

    private Fixture() {}

    static void insert(DataSource dataSource) throws SQLException {
        try (var conn = dataSource.getConnection()) {
            try (var ps = conn.prepareStatement(
                    "INSERT INTO items (sku, name, category, popularity) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                int[] popularity = {5, 4, 3, 2, 1, 9, 8};
                for (int i = 0; i < popularity.length; i++) {
                    var sku = sku(i + 1);
                    ps.setString(1, sku);
                    ps.setString(2, "Test item " + sku);
                    ps.setString(3, CATEGORY);
                    ps.setInt(4, popularity[i]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (var ps = conn.prepareStatement(
                    "INSERT INTO co_purchases (sku, other_sku, count) VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT DO NOTHING")) {
                pair(ps, 1, 2, 10);
                pair(ps, 1, 3, 5);
                pair(ps, 4, 5, 30);
                pair(ps, 4, 2, 4);
                ps.executeBatch();
            }
            try (var ps = conn.prepareStatement(
                    "INSERT INTO user_purchases (user_id, sku) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, USER_1);
                ps.setString(2, sku(4));
                ps.addBatch();
                ps.setString(1, USER_2);
                ps.setString(2, sku(2));
                ps.addBatch();
                ps.executeBatch();
            }
        }
    }

    /** Removes the fixture; co-purchases and user purchases go with their items (ON DELETE CASCADE). */
    static void delete(DataSource dataSource) throws SQLException {
        try (var conn = dataSource.getConnection();
                var ps = conn.prepareStatement("DELETE FROM items WHERE category = ?")) {
            ps.setString(1, CATEGORY);
            ps.executeUpdate();
        }
    }

    static String sku(int n) {
        return "TST-%04d".formatted(n);
    }

    private static void pair(java.sql.PreparedStatement ps, int a, int b, int count) throws SQLException {
        ps.setString(1, sku(a));
        ps.setString(2, sku(b));
        ps.setInt(3, count);
        ps.setString(4, sku(b));
        ps.setString(5, sku(a));
        ps.setInt(6, count);
        ps.addBatch();
    }
}
