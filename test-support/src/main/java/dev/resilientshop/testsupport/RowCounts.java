package dev.resilientshop.testsupport;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** The number of rows in every table of the {@code public} schema (Flyway's history aside): "nothing was written". */
public final class RowCounts {

    private RowCounts() {}

    public static Map<String, Long> of(DataSource dataSource) throws SQLException {
        var counts = new TreeMap<String, Long>();
        try (var c = dataSource.getConnection()) {
            var tables = new ArrayList<String>();
            try (var rs = c.createStatement()
                    .executeQuery("select table_name from information_schema.tables where table_schema = 'public'"
                            + " and table_type = 'BASE TABLE' and table_name not like 'flyway%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (var table : tables) {
                try (var rs = c.createStatement()
                        .executeQuery("select count(*) from \"" + table.replace("\"", "\"\"") + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
