package dev.resilientshop.payment.charge;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The one source of "now" (card expiry), so a test can pin it instead of depending on today's date. */
class Clocks {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
