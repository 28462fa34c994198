package dev.resilientshop.kit.db;

import dev.resilientshop.kit.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A query PostgreSQL cancelled at its statement timeout (SQLSTATE 57014) is a 504 problem, not
 * a 500: the deadline did its job. Other SQL failures stay a 500 problem, as shop-kit answers them.
 */
class QueryCancelledMapper {

    private static final Logger LOG = Logger.getLogger(QueryCancelledMapper.class);

    @ServerExceptionMapper
    Response sql(SQLException e, UriInfo uri) {
        if ("57014".equals(e.getSQLState())) {
            return Response.status(504)
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(
                            504,
                            "Query timed out",
                            "The query did not finish within the caller's budget",
                            uri.getPath()))
                    .build();
        }
        LOG.errorf(e, "Unhandled SQL failure on %s", uri.getPath());
        return Response.status(500)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(
                        500, "Internal server error", "The server could not complete the request", uri.getPath()))
                .build();
    }
}
