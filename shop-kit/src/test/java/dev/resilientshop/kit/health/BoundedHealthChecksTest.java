package dev.resilientshop.kit.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.health.AsyncHealthCheckFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A readiness check that hangs (a dependency that accepted the connection and went quiet) must
 * not hold readiness past the cap: readiness answers DOWN naming it, a second probe does not pile
 * another blocked call on top of the first, and two hung checks cost one cap, not two.
 */
@QuarkusTest
class BoundedHealthChecksTest {

    @Inject
    AsyncHealthCheckFactory factory;

    @Inject
    @Readiness
    FirstDependency first;

    @Inject
    @Readiness
    SecondDependency second;

    @AfterEach
    void release() {
        first.release();
        second.release();
        // the released calls return, and every check answers (and so is known by its name) again
        await(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void theFactoryInUseIsTheBoundedOne() {
        assertThat(factory).isInstanceOf(BoundedHealthChecks.class);
        assertThat(((BoundedHealthChecks) factory).cap().toMillis()).isEqualTo(1_500);
    }

    @Test
    void aHungCheckIsReportedDownByNameWithinTheCapAndNeverStacksUp() {
        var healthy = given().get("/q/health/ready");
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(healthy.body().asString()).contains("first dependency");
        int callsBefore = first.calls();

        first.hang();
        long start = System.nanoTime();
        var hung = given().get("/q/health/ready");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(hung.statusCode()).isEqualTo(503);
        assertThat(check(hung, "first dependency")).contains("DOWN").contains("no answer within 1500 ms");
        assertThat(tookMs)
                .as("readiness waits one cap (1.5 s), not for the dependency")
                .isBetween(1_400L, 2_800L);
        assertThat(check(hung, "second dependency"))
                .as("the others are still asked")
                .contains("UP");

        // the first call still hangs: the next probe is told so at once and starts no second call
        start = System.nanoTime();
        var again = given().get("/q/health/ready");
        tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(again.statusCode()).isEqualTo(503);
        assertThat(check(again, "first dependency")).contains("the previous check has not answered for");
        assertThat(tookMs).isLessThan(1_000);
        assertThat(first.calls()).isEqualTo(callsBefore + 1);

        first.release();
        await(() -> given().get("/q/health/ready").statusCode() == 200);
        assertThat(first.calls()).isGreaterThan(callsBefore + 1);
    }

    @Test
    void twoProbesAtOnceOnASlowButHealthyCheckAreBothUp() throws Exception {
        // a kubelet, the launcher and the product page's replica checks probe independently: two
        // probes overlapping on a check that takes a while (but far less than the cap) are both UP
        first.slow(400);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> given().get("/q/health/ready"));
            Thread.sleep(100); // the second arrives while the first call is still running
            var b = pool.submit(() -> given().get("/q/health/ready"));
            assertThat(a.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            var second = b.get(10, TimeUnit.SECONDS);
            assertThat(second.statusCode()).as(second.body().asString()).isEqualTo(200);
        } finally {
            first.slow(0);
            pool.shutdownNow();
        }
    }

    @Test
    void twoHungChecksCostOneCapNotTwo() {
        assertThat(given().get("/q/health/ready").statusCode()).isEqualTo(200);
        first.hang();
        second.hang();

        long start = System.nanoTime();
        var hung = given().get("/q/health/ready");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(hung.statusCode()).isEqualTo(503);
        assertThat(check(hung, "first dependency")).contains("no answer within 1500 ms");
        assertThat(check(hung, "second dependency")).contains("no answer within 1500 ms");
        assertThat(tookMs).as("the checks run side by side").isLessThan(2_800);

        first.release();
        second.release();
        await(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void theAliasesAreBoundedToo() {
        assertThat(given().get("/readyz").statusCode()).isEqualTo(200);
        first.hang();
        long start = System.nanoTime();
        var hung = given().get("/readyz");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(hung.statusCode()).isEqualTo(503);
        assertThat(hung.body().asString()).contains("first dependency");
        assertThat(tookMs).isLessThan(2_800);
        assertThat(given().get("/q/health/live").statusCode())
                .as("liveness does not ask dependencies")
                .isEqualTo(200);
    }

    /** The JSON object of one named check, as text. */
    private static String check(Response response, String name) {
        var checks = response.jsonPath().getList("checks.findAll { it.name == '" + name + "' }");
        assertThat(checks).as(response.body().asString()).hasSize(1);
        return checks.get(0).toString();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(end);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A dependency check that answers UP at once, or, once told to, waits until released. */
    abstract static class Dependency implements HealthCheck {
        private final AtomicInteger calls = new AtomicInteger();
        private volatile CountDownLatch gate;
        private volatile long slowMillis;

        abstract String name();

        void slow(long millis) {
            slowMillis = millis;
        }

        void hang() {
            gate = new CountDownLatch(1);
        }

        void release() {
            var g = gate;
            gate = null;
            if (g != null) {
                g.countDown();
            }
        }

        int calls() {
            return calls.get();
        }

        @Override
        public HealthCheckResponse call() {
            calls.incrementAndGet();
            if (slowMillis > 0) {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            var g = gate;
            if (g != null) {
                try {
                    g.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return HealthCheckResponse.up(name());
        }
    }

    @Readiness
    @ApplicationScoped
    static class FirstDependency extends Dependency {
        @Override
        String name() {
            return "first dependency";
        }
    }

    @Readiness
    @ApplicationScoped
    static class SecondDependency extends Dependency {
        @Override
        String name() {
            return "second dependency";
        }
    }
}
