package dev.resilientshop.systemtests.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checker's issue-12 rules against real PostgreSQL rows, without a shop: one scratch database
 * ({@value #DB}) holds the few columns of orders, charges and reservations the checker reads, and
 * stands in for all three databases.
 */
class ConsistencyCheckerTest {

    private static final String DB = "consistency_checker_test";

    private static Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DB, "postgres", "");
    }

    @BeforeEach
    void freshTables() throws SQLException {
        try (var admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var st = admin.createStatement();
                var rs = st.executeQuery("select 1 from pg_database where datname = '" + DB + "'")) {
            if (!rs.next()) {
                st.execute("create database " + DB);
            }
        }
        sql(
                "drop table if exists orders, order_lines, charges, reservations, reservation_lines",
                "create table orders (id uuid primary key, status text, recovery_point text, total_cents bigint,"
                        + " created_at timestamptz default now())",
                "create table order_lines (order_id uuid, sku text)",
                "create table charges (id uuid primary key, order_id uuid, status text, amount_cents bigint, created_at timestamptz default now())",
                "create table reservations (id uuid primary key, order_id text, status text, created_at timestamptz default now())",
                "create table reservation_lines (reservation_id uuid, sku text, quantity int)");
    }

    private static void sql(String... statements) throws SQLException {
        try (var c = open();
                var st = c.createStatement()) {
            for (var s : statements) {
                st.execute(s);
            }
        }
    }

    private static UUID order(String status, String point, boolean captured, String reservation) throws SQLException {
        var id = UUID.randomUUID();
        var rid = UUID.randomUUID();
        sql(
                "insert into orders values ('" + id + "', '" + status + "', '" + point + "', 1000)",
                "insert into order_lines values ('" + id + "', 'GAR-0041')",
                captured
                        ? "insert into charges values ('" + UUID.randomUUID() + "', '" + id + "', 'CAPTURED', 1000)"
                        : "select 1",
                "insert into reservations values ('" + rid + "', '" + id + "', '" + reservation + "')",
                "insert into reservation_lines values ('" + rid + "', 'GAR-0041', 1)");
        return id;
    }

    private static ConsistencyChecker.Report check() throws SQLException {
        return ConsistencyChecker.check(name -> open(), ConsistencyChecker.Scope.everything());
    }

    @Test
    void aConfirmedSettledOrderWhoseReservationWasNeverCommittedIsAFinding() throws SQLException {
        var id = order("CONFIRMED", "finished", true, "HELD");
        assertThat(check().findings())
                .singleElement()
                .asString()
                .contains(id.toString())
                .contains("still HELD");
    }

    @Test
    void aConfirmedOrderStillCommittingIsNotJudgedYet() throws SQLException {
        order("CONFIRMED", "payment_charged", true, "HELD"); // recovery will commit it
        assertThat(check().findings()).isEmpty();
    }

    @Test
    void aReservationHeldPastItsExpiryIsAFinding() throws SQLException {
        sql("alter table reservations add column expires_at timestamptz");
        var stale = order("PENDING", "stock_reserved", false, "HELD");
        var fresh = order("PENDING", "stock_reserved", false, "HELD");
        sql(
                "update reservations set expires_at = now() - interval '5 minutes' where order_id = '" + stale + "'",
                "update reservations set expires_at = now() + interval '5 minutes' where order_id = '" + fresh + "'");
        var report = check();
        assertThat(report.findings())
                .singleElement()
                .asString()
                .contains(stale.toString())
                .contains("past its expiry");
        assertThat(report.notes()).noneMatch(n -> n.startsWith("skipped"));
    }

    @Test
    void withoutExpiresAtTheExpiryRuleIsSkippedAndSaysSo() throws SQLException {
        order("CONFIRMED", "finished", true, "COMMITTED");
        var report = check();
        assertThat(report.findings()).isEmpty();
        assertThat(report.notes())
                .contains("skipped: column expires_at not present (no reservation can be judged HELD past its expiry)");
    }

    @Test
    void anOrderRecoveryGaveUpOnIsSettledListedAndItsChargeJudged() throws SQLException {
        var id = order("NEEDS_ATTENTION", "payment_charged", true, "HELD");
        var report = check();
        assertThat(report.unsettled()).isZero();
        assertThat(report.notes()).anyMatch(n -> n.contains("needs attention: order " + id));
        assertThat(report.findings())
                .anyMatch(f -> f.contains("captured, but order " + id + " is NEEDS_ATTENTION"))
                .anyMatch(f -> f.contains("still HELD for order " + id));
    }
}
