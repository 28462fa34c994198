package dev.resilientshop.payment.charge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.resilientshop.kit.ops.ServiceCredential;
import dev.resilientshop.payment.fraud.FraudApiStub;
import dev.resilientshop.resilience.circuitbreaker.CircuitBreaker;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.testsupport.Stub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fraud breaker's threshold, pinned (issue 17 item 6): exactly 5 consecutive failures open
 * it (seed 002), not 4 and not 6. Its own Quarkus profile gives the breaker a 60 s reset timeout:
 * with the 300 ms of the other tests, a loaded machine can take longer than that between the 5th
 * and the 6th charge and the 6th becomes the half-open probe. The breaker starts CLOSED and empty.
 */
@QuarkusTest
@TestProfile(FraudBreakerThresholdTest.LongReset.class)
@QuarkusTestResource(FraudApiStub.class)
class FraudBreakerThresholdTest {

    public static final class LongReset implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shop.dependency.fraud.breaker.reset-timeout", "60s");
        }
    }

    private static final String CREDENTIAL = "test-service-credential-0123456789abcdef";

    @Inject
    PipelineRegistry pipelines;

    private Stub fraud;
    private final String orderId = UUID.randomUUID().toString();

    @BeforeEach
    void cleanSlate() {
        fraud = Stub.forClient("fraud");
        fraud.reset();
        pipelines.get("fraud").ifPresent(p -> p.circuitBreaker().reset());
    }

    private ValidatableResponse charge(String key) {
        return given().header(ServiceCredential.HEADER, CREDENTIAL)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("""
                        {"orderId":"%s","amountCents":4999,"currency":"EUR","email":"ada@example.com",
                         "card":{"number":"4242424242424242","holder":"Ada Lovelace","expiry":"12/39","cvc":"123"}}""".formatted(orderId))
                .when()
                .post("/charges")
                .then();
    }

    private CircuitBreaker breaker() {
        return pipelines.get("fraud").orElseThrow().circuitBreaker();
    }

    @Test
    void exactlyFiveConsecutiveFailingFraudChecksOpenTheBreakerAndTheNextChargeFailsFast() {
        fraud.respond("POST", "/scores", 500, "{}");
        // Failures 1 to 4 leave it CLOSED and each one still reaches the provider: a threshold
        // below 5 fails here (the breaker would have refused one of them without calling)...
        for (int i = 1; i <= 4; i++) {
            charge("charge-key-breaker-" + i + "-" + orderId).statusCode(503);
            assertThat(fraud.requests("POST", "/scores"))
                    .as("failure %d reached the provider", i)
                    .hasSize(i);
            assertThat(breaker().state()).as("after %d consecutive failures", i).isEqualTo(State.CLOSED);
        }
        // ...the 5th reaches it too and opens the breaker: a threshold above 5 fails here...
        charge("charge-key-breaker-5-" + orderId).statusCode(503);
        assertThat(fraud.requests("POST", "/scores")).hasSize(5);
        assertThat(breaker().state())
                .as("after 5 consecutive failures (seed 002)")
                .isEqualTo(State.OPEN);
        long rejectedBefore = breaker().rejectedCount();

        // ...and the 6th charge is refused by the open breaker without calling the provider.
        charge("charge-key-breaker-6-" + orderId)
                .statusCode(503)
                .body("detail", equalTo("fraud check unavailable, try again"));

        assertThat(fraud.requests("POST", "/scores"))
                .as("the 6th never reached the provider")
                .hasSize(5);
        assertThat(breaker().rejectedCount()).isEqualTo(rejectedBefore + 1);
    }
}
