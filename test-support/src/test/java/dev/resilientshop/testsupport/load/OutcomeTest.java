package dev.resilientshop.testsupport.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.testsupport.load.LoadStats.Outcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Full, degraded, slow, shed, error: what each answer was worth to a shopper, counted per second. */
class OutcomeTest {

    private static final long BUDGET = 500_000_000L;

    @Test
    void eachAnswerIsJudgedAsAShopperWould() {
        assertThat(Outcome.of(new Reply(200, false, false), 499_000_000L, BUDGET))
                .isEqualTo(Outcome.FULL);
        assertThat(Outcome.of(new Reply(200, true, false), 100_000_000L, BUDGET))
                .isEqualTo(Outcome.DEGRADED);
        assertThat(Outcome.of(new Reply(200, false, false), 501_000_000L, BUDGET))
                .isEqualTo(Outcome.SLOW);
        assertThat(Outcome.of(new Reply(200, true, false), 900_000_000L, BUDGET))
                .isEqualTo(Outcome.SLOW);
        assertThat(Outcome.of(new Reply(503, false, true), 1_000_000L, BUDGET)).isEqualTo(Outcome.SHED);
        assertThat(Outcome.of(Reply.of(429), 1_000_000L, BUDGET)).isEqualTo(Outcome.SHED);
        // a 503 page without the shed mark is a page that failed (a dependency), not shedding
        assertThat(Outcome.of(Reply.of(503), 1_000_000L, BUDGET)).isEqualTo(Outcome.ERROR);
        assertThat(Outcome.of(Reply.of(0), 1_000_000L, BUDGET)).isEqualTo(Outcome.ERROR);
        assertThat(Outcome.of(Reply.of(404), 1_000_000L, BUDGET)).isEqualTo(Outcome.ERROR);
    }

    @Test
    void aPageIsDegradedWhenItShowsANoticeAndShedOnlyWhenMarked() {
        assertThat(ShopRequests.reply(200, false, "<main><h1>Headphones</h1></main>"))
                .isEqualTo(new Reply(200, false, false));
        assertThat(ShopRequests.reply(200, false, "<p class=\"notice banner\">Stock may be out of date</p>"))
                .isEqualTo(new Reply(200, true, false));
        assertThat(ShopRequests.reply(200, false, "<span>Last known price</span>")
                        .degraded())
                .isTrue();
        // an error page's text is not a degraded page: it was not served
        assertThat(ShopRequests.reply(503, false, "This page is taking a break"))
                .isEqualTo(new Reply(503, false, false));
        assertThat(ShopRequests.reply(503, true, "{}")).isEqualTo(new Reply(503, false, true));
        assertThat(ShopRequests.reply(429, false, "slow down").shed()).isTrue();
    }

    @Test
    void theSummaryCountsOutcomesOverTheRunAndPerSecondOfDueTime() throws Exception {
        var clock = new ManualLoadClock();
        // 10 requests/s for 2 s; in the first second every other page is degraded, in the second
        // the first three are shed, one fails, one is served late (the clock moves 600 ms before it answers;
        // the five after it are sent late, but answered within the budget of their due time)
        Sender sender = new Sender() {
            @Override
            public CompletableFuture<Integer> send(String kind, long index) {
                throw new AssertionError("the generator asks for replies");
            }

            @Override
            public CompletableFuture<Reply> sendForReply(String kind, long i) {
                if (i < 10) {
                    return CompletableFuture.completedFuture(new Reply(200, i % 2 == 1, false));
                }
                if (i < 13) {
                    return CompletableFuture.completedFuture(new Reply(503, false, true));
                }
                if (i == 13) {
                    return CompletableFuture.completedFuture(Reply.of(503));
                }
                if (i == 14) {
                    var late = new CompletableFuture<Reply>();
                    clock.advance(600_000_000L);
                    late.complete(new Reply(200, false, false));
                    return late;
                }
                return CompletableFuture.completedFuture(new Reply(200, false, false));
            }
        };
        var generator = new LoadGenerator(
                LoadGenerator.Plan.of(10, Duration.ofSeconds(2), Mix.only("page")),
                sender,
                clock,
                Duration.ofMillis(500));

        var summary = generator.run(Duration.ZERO).summary(2);

        var pages = summary.pages();
        assertThat(pages.full()).isEqualTo(5 + 5);
        assertThat(pages.degraded()).isEqualTo(5);
        assertThat(pages.shed()).isEqualTo(3);
        assertThat(pages.errors()).isEqualTo(1);
        assertThat(pages.slow()).isEqualTo(1);
        assertThat(pages.budgetMs()).isEqualTo(500);
        assertThat(pages.servedP99()).isGreaterThanOrEqualTo(599);
        assertThat(summary.perSecond()).hasSize(2);
        assertThat(summary.perSecond().get(0)).isEqualTo(new Summary.Second(5, 5, 0, 0, 0));
        assertThat(summary.perSecond().get(1).shed()).isEqualTo(3);
        assertThat(summary.perSecond().get(1).total()).isEqualTo(10);
        assertThat(summary.table()).contains("full 10", "degraded 5", "slow 1", "shed 3", "errors 1");
    }
}
