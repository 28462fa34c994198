package dev.resilientshop.kit.ops;

import dev.resilientshop.kit.problem.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code /ops/crash-point} (ops token required, like everything under /ops): arm, show or disarm
 * this service's crash point for the crash drills ({@link CrashPoints}).
 */
@Path("/ops/crash-point")
@Produces(MediaType.APPLICATION_JSON)
public class CrashPointResource {

    public record Body(String point, List<String> points) {}

    private final CrashPoints crashPoints;

    public CrashPointResource(CrashPoints crashPoints) {
        this.crashPoints = crashPoints;
    }

    @GET
    public Body show() {
        return new Body(crashPoints.armed().orElse(null), crashPoints.points());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Body arm(Body body) {
        if (body == null || body.point() == null || !crashPoints.points().contains(body.point())) {
            throw ApiException.invalid(Map.of("point", "must be one of " + crashPoints.points()));
        }
        crashPoints.arm(body.point());
        return show();
    }

    @DELETE
    public Body disarm() {
        crashPoints.arm(null);
        return show();
    }
}
