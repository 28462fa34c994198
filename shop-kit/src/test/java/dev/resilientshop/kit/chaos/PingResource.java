package dev.resilientshop.kit.chaos;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A stand-in for a service's real endpoints, for the chaos filter to disturb. */
@Path("/test")
public class PingResource {

    @GET
    @Path("ping")
    public String ping() {
        return "pong";
    }

    /** What the logging MDC says this request's id is, as a resource on a worker thread sees it. */
    @GET
    @Path("request-id")
    public String requestId() {
        return String.valueOf(dev.resilientshop.kit.logging.RequestIds.current());
    }

    @GET
    @Path("slow-one")
    public String slowOne() {
        return "one";
    }
}
