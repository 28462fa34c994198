package dev.resilientshop.order.checkout;

import dev.resilientshop.testsupport.Stub;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The clean slate each checkout test starts from: no orders, and the downstream stub back to its
 * defaults ({@link DownstreamStub}: every step succeeds) with no requests recorded.
 *
 * <p>Why: the checkout test classes share one running service, one {@code orders_test} database and
 * one stub server for pricing, inventory and payment, and each test counts what it caused. An order
 * another test left behind is work for {@link Recovery} (a test that asserts which orders a round
 * settled would see it) and rows in a count; a rule another test set (a 503 on the charges) would
 * fail a checkout that should succeed; requests another test made would be counted as this one's.
 */
final class CleanSlate {

    private CleanSlate() {}

    /**
     * Deletes every order (their lines go with them) and resets the stub.
     *
     * @return the stub, through its inventory client's URL (one server stands in for all three)
     */
    static Stub wipe(DataSource dataSource) throws SQLException {
        var downstream = Stub.forClient("inventory");
        downstream.reset();
        try (var c = dataSource.getConnection();
                var delete = c.prepareStatement("delete from orders")) {
            delete.executeUpdate();
        }
        return downstream;
    }
}
