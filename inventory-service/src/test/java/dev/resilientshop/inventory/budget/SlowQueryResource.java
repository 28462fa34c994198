package dev.resilientshop.inventory.budget;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.sql.SQLException;
import dev.resilientshop.kit.db.QueryBudget;
import javax.sql.DataSource;

/** Test-only: a query that takes as long as asked, through {@link QueryBudget}, like every read. */
@Path("/test-only/slow-query")
public class SlowQueryResource {

    private final DataSource dataSource;
    private final QueryBudget budget;

    SlowQueryResource(DataSource dataSource, QueryBudget budget) {
        this.dataSource = dataSource;
        this.budget = budget;
    }

    @GET
    public String sleep(@QueryParam("ms") int millis) throws SQLException {
        try (var c = budget.connection(dataSource); var st = c.prepareStatement("select pg_sleep(?)")) {
            st.setDouble(1, millis / 1000.0);
            st.executeQuery().close();
            return "slept";
        }
    }
}
