package dev.resilientshop.kit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error a service sends is {@code application/problem+json} (RFC 9457) and never carries
 * a stack trace. Bad JSON is a 400, a domain rule broken is whatever the {@link ApiException}
 * says, an unexpected exception is a logged 500 whose body says only that something went wrong.
 *
 * <p>Services that render HTML (the product page) register more specific mappers for their
 * page resources; these are the API defaults.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return respond(e.toProblem(uri.getPath()));
    }

    @ServerExceptionMapper(priority = 1)
    public Response badJson(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(400, "Malformed JSON", describe(e), uri.getPath()));
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return respond(Problem.of(400, "Malformed JSON", describe(e), uri.getPath()));
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return respond(Problem.of(400, "Malformed JSON", describe(e), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(Problem.of(400, "Malformed JSON", describe(json), uri.getPath()));
        }
        var reason = Response.Status.fromStatusCode(status);
        var title = reason == null ? "HTTP " + status : reason.getReasonPhrase();
        if (status >= 500) {
            LOG.errorf(e, "%s failed with %d", uri.getPath(), status);
        }
        return respond(Problem.of(
                status,
                title,
                status >= 500 ? "The server could not complete the request" : e.getMessage(),
                uri.getPath()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "Unhandled exception on %s", uri.getPath());
        return respond(
                Problem.of(500, "Internal server error", "The server could not complete the request", uri.getPath()));
    }

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    /** Jackson's own message, without the source excerpt that would echo the request body back. */
    private static String describe(JsonProcessingException e) {
        var msg = e.getOriginalMessage();
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            var field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse("");
            return "Field '" + field + "': " + msg;
        }
        return msg;
    }
}
