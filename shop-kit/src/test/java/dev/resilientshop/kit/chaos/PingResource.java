package dev.resilientshop.kit.chaos;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

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

    /** Takes any text body and says how long it was: a body the edge let through. */
    @POST
    @Path("echo-length")
    @Consumes("*/*")
    public String echoLength(String body) {
        return String.valueOf(body == null ? 0 : body.length());
    }

    /** Works for {@code ms} on a worker thread: a request the server-side timeout must cut short. */
    @GET
    @Path("sleep")
    public String sleep(@QueryParam("ms") long ms) throws InterruptedException {
        Thread.sleep(ms);
        return "slept";
    }
}
