package dev.resilientshop.productpage.dependency;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One daemon thread for the product page's periodic jobs: the inventory replicas' health checks
 * and the refresh of the fallback data mirrored from Redis. Nothing here is on a request's path,
 * so a slow Redis or a dead replica slows a job, never a page.
 */
@ApplicationScoped
public class Background {

    private static final Logger LOG = Logger.getLogger(Background.class);

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        var t = new Thread(r, "product-page-background");
        t.setDaemon(true);
        return t;
    });

    private final List<Runnable> pending = new ArrayList<>();
    private boolean started;

    /**
     * Runs {@code job} every {@code period}, starting once the application has started (beans
     * such as the Redis client must not be created from two threads during start-up); a failing
     * run is logged and the next one still runs.
     */
    public synchronized void every(String name, Duration period, Runnable job) {
        Runnable schedule = () -> executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        job.run();
                    } catch (RuntimeException e) {
                        LOG.debugf("background job %s failed: %s", name, e.toString());
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
        if (started) {
            schedule.run();
        } else {
            pending.add(schedule);
        }
    }

    /** After every other start-up observer (the {@code @Startup} beans register their jobs there). */
    synchronized void start(@Observes @Priority(Integer.MAX_VALUE - 1) StartupEvent event) {
        started = true;
        pending.forEach(Runnable::run);
        pending.clear();
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
