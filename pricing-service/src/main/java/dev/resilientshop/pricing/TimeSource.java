package dev.resilientshop.pricing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The one clock the service reads. Whether a promotion is active depends on "now"; taking now
 * from an injected {@link Clock} keeps that decision in one place and lets tests pin it.
 */
class TimeSource {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
