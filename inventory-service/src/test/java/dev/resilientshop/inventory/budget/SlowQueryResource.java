package dev.resilientshop.inventory.budget;

import dev.resilientshop.kit.db.QueryBudget;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only: a query that takes as long as asked, through {@link QueryBudget}, like every read.
 * Hidden from the OpenAPI document: it is no public operation, and the fuzz test (which reads
 * that document) would otherwise ask it to sleep past the 1 s query cap and see a correct 504.
 */
@Path("/test-only/slow-query")
public class SlowQueryResource {

    private final DataSource dataSource;
    private final QueryBudget budget;

    SlowQueryResource(DataSource dataSource, QueryBudget budget) {
        this.dataSource = dataSource;
        this.budget = budget;
    }

    @GET
    @Operation(hidden = true)
    public String sleep(@QueryParam("ms") int millis) throws SQLException {
        try (var c = budget.connection(dataSource);
                var st = c.prepareStatement("select pg_sleep(?)")) {
            st.setDouble(1, millis / 1000.0);
            st.executeQuery().close();
            return "slept";
        }
    }
}
