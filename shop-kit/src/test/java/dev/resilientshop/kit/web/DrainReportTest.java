package dev.resilientshop.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bookkeeping behind the "graceful shutdown:" log line (GracefulShutdownDrillTest reads it). */
class DrainReportTest {

    @Test
    void countsOnlyTheRequestsInFlightAtSigtermAndReportsWhenTheLastOneEnds() {
        var count = new DrainReport.Count();
        boolean done = count.started();
        assertThat(count.ended(done, true))
                .as("ended before SIGTERM: not counted")
                .isEmpty();
        boolean a = count.started();
        boolean b = count.started();
        boolean c = count.started();
        assertThat(count.sigterm()).isEmpty();
        assertThat(count.sigterm()).as("only the first SIGTERM counts").isEmpty();
        boolean late = count.started();
        assertThat(late).as("started during the drain window").isFalse();
        assertThat(count.ended(late, true)).isEmpty();
        assertThat(count.ended(a, true)).isEmpty();
        assertThat(count.ended(b, false)).isEmpty();
        assertThat(count.ended(c, true))
                .hasValue("graceful shutdown: 3 requests in flight at SIGTERM: 2 answered, 1 cut, 0 still open");
        assertThat(count.stopping()).as("reported once it settled").isEmpty();
    }

    @Test
    void withoutADrainTheServiceStopsWithRequestsStillOpen() {
        var count = new DrainReport.Count();
        boolean a = count.started();
        count.started();
        count.sigterm();
        assertThat(count.ended(a, true)).isEmpty();
        assertThat(count.stopping())
                .hasValue("graceful shutdown: 2 requests in flight at SIGTERM: 1 answered, 0 cut, 1 still open");
    }

    @Test
    void nothingInFlightIsReportedAtSigterm() {
        var count = new DrainReport.Count();
        count.ended(count.started(), true);
        assertThat(count.sigterm())
                .hasValue("graceful shutdown: 0 requests in flight at SIGTERM: 0 answered, 0 cut, 0 still open");
        assertThat(count.stopping()).isEmpty();
    }
}
