package dev.resilientshop.kit.client;

import dev.resilientshop.kit.health.StartupWork;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Warms a service's typed REST clients at start-up, before it reports ready, so no customer's
 * request pays for the first call through a client.
 *
 * <p>Failure it prevents (issue 16): the first call through a freshly built REST client loads its
 * classes, builds its JSON readers and opens its first connection. On a busy machine that took
 * longer than payment's 400 ms fraud timeout in the tests: the first charge answered 503, and of
 * twenty charges at once five did.
 *
 * <p>How: each named call (a read without side effects, made on the very client the service uses,
 * outside its resilience pipeline so the breaker and the metrics see nothing) is made until it got
 * {@value #ANSWERS} answers (an error answer counts: the dependency answered; a refused connection
 * does not: it may still be starting), pausing {@value #PAUSE_MS} ms between rounds, for at most
 * {@code max}; then, once, {@value #BURST} of them at once, so the pool also holds open connections
 * for a burst of customers right after the start (idle connections are closed after a minute, and
 * this does not make twenty charges at once on a starved machine fit payment's 400 ms test timeout:
 * ChargeResourceTest still saw some answered 503 there). Meanwhile {@link StartupWork} keeps {@code /q/health/started} and
 * {@code /q/health/ready} DOWN. It runs on the thread that starts the service, so a test starts only
 * once it is done. A dependency that stays away does not keep the service out for longer than
 * {@code max}: the service is built to run without it.
 */
public final class ClientWarmUp {

    static final int ANSWERS = 3;
    static final int BURST = 20;
    static final long PAUSE_MS = 250;
    static final Duration ATTEMPT = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(ClientWarmUp.class);

    private final Map<String, Supplier<Uni<?>>> calls = new LinkedHashMap<>();

    /** Adds a call to warm {@code dependency}'s client with. */
    public ClientWarmUp call(String dependency, Supplier<Uni<?>> call) {
        calls.put(dependency, call);
        return this;
    }

    /** Makes the calls; returns how many answers each dependency gave. */
    public Map<String, Integer> run(StartupWork work, String name, Duration max) {
        work.begin(name);
        try {
            return run(max);
        } finally {
            work.done(name);
        }
    }

    Map<String, Integer> run(Duration max) {
        long start = System.nanoTime();
        long end = start + max.toNanos();
        var answers = new LinkedHashMap<String, Integer>();
        calls.keySet().forEach(d -> answers.put(d, 0));
        while (answers.values().stream().anyMatch(n -> n < ANSWERS) && System.nanoTime() < end) {
            boolean refused = false;
            for (var call : calls.entrySet()) {
                if (answers.get(call.getKey()) >= ANSWERS) {
                    continue;
                }
                if (answered(call.getKey(), call.getValue())) {
                    answers.merge(call.getKey(), 1, Integer::sum);
                } else {
                    refused = true;
                }
            }
            if (refused) {
                pause();
            }
        }
        calls.forEach((dependency, call) -> {
            if (answers.get(dependency) >= ANSWERS) {
                burst(call);
            }
        });
        LOG.infof(
                "warm-up of the REST clients %s in %d ms: answers %s",
                answers.values().stream().allMatch(n -> n >= ANSWERS)
                        ? "done"
                        : "gave up (a dependency did not answer)",
                (System.nanoTime() - start) / 1_000_000,
                answers);
        return answers;
    }

    private static boolean answered(String dependency, Supplier<Uni<?>> call) {
        try {
            ProblemAnswers.await(dependency, call.get(), ATTEMPT);
            return true;
        } catch (DownstreamException e) {
            return e.status() != 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@value #BURST} calls at once; whatever they answer, within {@link #ATTEMPT}. */
    private static void burst(Supplier<Uni<?>> call) {
        var all = new java.util.ArrayList<Uni<Object>>();
        for (int i = 0; i < BURST; i++) {
            all.add(call.get()
                    .onItem()
                    .transform(x -> (Object) "answered")
                    .onFailure()
                    .recoverWithItem("failed"));
        }
        try {
            Uni.join().all(all).andCollectFailures().await().atMost(ATTEMPT);
        } catch (RuntimeException ignored) {
            // a warm-up that failed leaves a colder client, nothing else
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
