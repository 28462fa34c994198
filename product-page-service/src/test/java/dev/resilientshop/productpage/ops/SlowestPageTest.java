package dev.resilientshop.productpage.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The slowest page of the last minute, as the ops page links to its trace. */
class SlowestPageTest {

    private final AtomicLong now = new AtomicLong();
    private final SlowestPage pages = new SlowestPage(true, now::get);

    private void seconds(long s) {
        now.addAndGet(s * 1_000_000_000L);
    }

    @Test
    void theSlowestOfTheLastMinuteWinsAndLeavesWhenItIsOlderThanThat() {
        pages.record("/p/A", 40, "a");
        seconds(10);
        pages.record("/p/B", 900, "b");
        seconds(10);
        pages.record("/p/C", 300, "c");
        seconds(10);
        pages.record("/p/D", 20, "d");

        assertThat(pages.slowest()).get().extracting(SlowestPage.Page::traceId).isEqualTo("b");
        seconds(45); // now 75 s: B ended 65 s ago, gone; C ended 55 s ago and is the slowest left
        assertThat(pages.slowest()).get().extracting(SlowestPage.Page::traceId).isEqualTo("c");
        seconds(10);
        assertThat(pages.slowest()).get().extracting(SlowestPage.Page::traceId).isEqualTo("d");
        seconds(61);
        assertThat(pages.slowest()).isEmpty();
    }

    @Test
    void aLaterPageAsSlowReplacesAnEarlierOneItOutlastsInTheWindow() {
        pages.record("/p/A", 500, "a");
        seconds(1);
        pages.record("/p/B", 500, "b");
        assertThat(pages.slowest()).get().extracting(SlowestPage.Page::traceId).isEqualTo("b");
        seconds(60);
        assertThat(pages.slowest()).get().extracting(SlowestPage.Page::traceId).isEqualTo("b"); // 60 s: still in
    }

    @Test
    void withTracingOffNothingIsKept() {
        var off = new SlowestPage(false, now::get);
        off.record("/p/A", 500, "a");
        assertThat(off.tracing()).isFalse();
        assertThat(off.slowest()).isEmpty();
    }
}
