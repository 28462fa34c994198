package dev.resilientshop.kit.db;

import dev.resilientshop.kit.problem.ApiException;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The caller's deadline, honoured down to the database (seed 002: "Timeout propagation meant the
 * client's 500 ms budget was respected at every hop"). A request's {@value Deadline#HEADER} is read
 * when it arrives (shop-kit's SpentDeadlineFilter has already answered 504 if it was 0); a read
 * then gets its connection from {@link #connection}, whose statements are cancelled at
 * {@code min(1 s, what is left)} (seed 003: a query gets 1 s at most; the pool's own
 * {@code statement_timeout} of 1 s stays as the backstop). A budget that ran out while the
 * request waited is answered 504 at once, without a query. Requests without the header, and
 * background jobs, keep the pool's 1 s.
 */
@ApplicationScoped
public class QueryBudget {

    static final String KEY = "shop.deadline";
    static final Duration MAX = Duration.ofSeconds(1);

    private final Clock clock;

    QueryBudget(Clock clock) {
        this.clock = clock;
    }

    @ServerRequestFilter(preMatching = true)
    void arrive(RoutingContext routing) {
        var header = routing.request().getHeader(Deadline.HEADER);
        if (header != null) {
            routing.put(KEY, Deadline.fromHeader(header, MAX, Duration.ofMinutes(1), clock));
        }
    }

    /**
     * A connection whose statements stop at this request's deadline (or 1 s); close it as usual.
     * While a statement runs, a timer waits for the deadline and, if the statement is still
     * running then, cancels it (PostgreSQL answers SQLSTATE 57014, as for its own
     * {@code statement_timeout}, which stays at the pool's 1 s). On the happy path this costs no
     * round trip; a {@code SET statement_timeout} before and a {@code RESET} after every read
     * would have tripled the statements of a stock read.
     */
    public Connection connection(DataSource dataSource) throws SQLException {
        var deadline = current();
        if (deadline == null) {
            return dataSource.getConnection();
        }
        long millis = Math.min(MAX.toMillis(), deadline.remaining().toMillis());
        if (millis <= 0) {
            throw spent();
        }
        var c = dataSource.getConnection();
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(c, method, args);
                    if (result instanceof PreparedStatement st) {
                        return bounded(st, deadline);
                    }
                    return result;
                });
    }

    private static PreparedStatement bounded(PreparedStatement st, Deadline deadline) {
        return (PreparedStatement) Proxy.newProxyInstance(
                PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    if (!method.getName().startsWith("execute")) {
                        return invoke(st, method, args);
                    }
                    long millis = Math.min(MAX.toMillis(), deadline.remaining().toMillis());
                    if (millis <= 0) {
                        throw spent();
                    }
                    ScheduledFuture<?> cancel = TIMER.schedule(
                            () -> {
                                try {
                                    st.cancel();
                                } catch (SQLException ignored) {
                                    // the statement finished meanwhile
                                }
                            },
                            millis,
                            TimeUnit.MILLISECONDS);
                    try {
                        return invoke(st, method, args);
                    } finally {
                        cancel.cancel(false);
                    }
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One daemon thread that only fires cancels. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "query-deadline");
        t.setDaemon(true);
        return t;
    });

    private static Deadline current() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        var request = Arc.container().instance(CurrentVertxRequest.class).get();
        RoutingContext routing = request == null ? null : request.getCurrent();
        return routing == null ? null : routing.get(KEY);
    }

    /** 504 problem: the caller's budget is gone, nobody is waiting for this answer. */
    public static ApiException spent() {
        return new ApiException(
                504,
                "Deadline spent",
                "The caller's budget (" + Deadline.HEADER + ") ran out before the query could run",
                Map.of());
    }
}
