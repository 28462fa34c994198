package dev.resilientshop.kit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** How a remote answer becomes an exception, for every typed REST client of the shop. */
class ProblemAnswersTest {

    @Test
    void aProblemDocumentGivesItsStandardMembersAndItsExtensions() {
        var e = ProblemAnswers.of("inventory", 409, """
                {"type":"https://resilient-shop.dev/problems/conflict","title":"Out of stock","status":409,
                 "detail":"Not enough stock for AUD-0001","instance":"/reservations","sku":"AUD-0001","available":2}""");
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.dependency()).isEqualTo("inventory");
        assertThat(e.type()).isEqualTo("https://resilient-shop.dev/problems/conflict");
        assertThat(e.title()).isEqualTo("Out of stock");
        assertThat(e.detail()).isEqualTo("Not enough stock for AUD-0001");
        assertThat(e.member("sku")).isEqualTo("AUD-0001");
        assertThat(e.intMember("available")).isEqualTo(2);
        assertThat(e.member("status")).as("a standard member is no extension").isNull();
        assertThat(e.getMessage()).isEqualTo("inventory answered 409 (Not enough stock for AUD-0001)");
    }

    @Test
    void aBodyThatIsNoProblemDocumentIsKeptAsTheDetail() {
        var e = ProblemAnswers.of("pricing", 502, "<html>Bad gateway</html>");
        assertThat(e.type()).isNull();
        assertThat(e.detail()).isEqualTo("<html>Bad gateway</html>");
        assertThat(e.member("reason")).isNull();
        assertThat(ProblemAnswers.of("pricing", 503, null).getMessage()).isEqualTo("pricing answered 503");
    }

    @Test
    void anAnswerFromTheClientIsReadThroughItsResponse() {
        var response = Response.status(402)
                .type("application/problem+json")
                .entity("{\"status\":402,\"title\":\"Payment declined\",\"reason\":\"insufficient_funds\"}")
                .build();
        var e = ProblemAnswers.translate("payment", new WebApplicationException(response));
        assertThat(e.status()).isEqualTo(402);
        assertThat(e.member("reason")).isEqualTo("insufficient_funds");
        assertThat(e.transientFailure()).isFalse();
    }

    @Test
    void aFailedAttemptWithoutAnAnswerIsStatusZero() {
        assertThatThrownBy(() -> ProblemAnswers.await(
                        "fraud", Uni.createFrom().failure(new ConnectException("refused")), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(DownstreamException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
                });
    }

    @Test
    void anAttemptThatOutlivesItsTimeIsCancelledAndStatusZero() {
        var cancelled = new AtomicBoolean();
        Uni<String> never = Uni.createFrom().<String>nothing().onCancellation().invoke(() -> cancelled.set(true));
        long start = System.nanoTime();
        assertThatThrownBy(() -> ProblemAnswers.await("fraud", never, Duration.ofMillis(50)))
                .isInstanceOfSatisfying(
                        DownstreamException.class, e -> assertThat(e.status()).isZero());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(cancelled)
                .as("the call was cancelled, so its connection closes")
                .isTrue();
    }

    @Test
    void anErrorAnswerThrownByTheClientStaysAsItIs() {
        var answer = ProblemAnswers.of("payment", 402, "{\"reason\":\"card_declined\"}");
        assertThatThrownBy(
                        () -> ProblemAnswers.await("payment", Uni.createFrom().failure(answer), Duration.ofSeconds(1)))
                .isSameAs(answer);
    }
}
