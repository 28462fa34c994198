package dev.resilientshop.resilience.hedge;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.retry.RetryBudget;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/** One call: primary now, hedges on timers, first success wins, the rest are cancelled. */
final class DefaultHedging implements Hedging {

    private final String name;
    private final HedgeConfig config;
    private final Scheduler scheduler;
    private final Clock clock;
    private final BooleanSupplier gate;
    private final RetryBudget budget;
    private final LatencyHistogram histogram;
    private final LongAdder calls = new LongAdder();
    private final LongAdder hedges = new LongAdder();
    private final java.util.List<Observer> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    DefaultHedging(String name, HedgeConfig config, Scheduler scheduler, BooleanSupplier gate) {
        this.name = name;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = scheduler.clock();
        this.gate = gate;
        this.budget = RetryBudget.of(config.budgetRatio(), config.budgetReserve());
        this.histogram = new LatencyHistogram(config.histogramWindow(), clock);
    }

    @Override
    public long currentDelayNanos() {
        if (config.fixedDelay() != null) {
            return config.fixedDelay().toNanos();
        }
        return histogram.count() < config.minSamples()
                ? config.initialDelay().toNanos()
                : Math.max(1, histogram.percentileNanos(config.percentile()));
    }

    @Override
    public <T> CompletableFuture<T> call(IntFunction<? extends CompletionStage<T>> attempt) {
        calls.increment();
        budget.deposit();
        Call<T> call = new Call<>(attempt);
        call.launch(0);
        call.scheduleHedge(1);
        return call.result;
    }

    private final class Call<T> {
        final IntFunction<? extends CompletionStage<T>> attempt;
        final CompletableFuture<T> result = new CompletableFuture<>();
        final AtomicReferenceArray<CompletableFuture<T>> attempts = new AtomicReferenceArray<>(config.maxHedges() + 1);
        final AtomicInteger running = new AtomicInteger();
        final long startNanos = clock.nanoTime();
        volatile Scheduler.Cancellable timer;
        volatile boolean hedged;

        Call(IntFunction<? extends CompletionStage<T>> attempt) {
            this.attempt = attempt;
            result.whenComplete((v, e) -> cancelAll());
        }

        void launch(int index) {
            running.incrementAndGet();
            CompletableFuture<T> f;
            try {
                f = attempt.apply(index).toCompletableFuture();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            attempts.set(index, f);
            f.whenComplete((value, error) -> {
                if (index == 0) {
                    histogram.record(clock.nanoTime() - startNanos); // a cancelled primary records a lower bound
                }
                if (error == null) {
                    if (result.complete(value) && hedged) {
                        decided(index); // after complete: cancelAll has run
                    }
                } else if (running.decrementAndGet() == 0) {
                    Scheduler.Cancellable t = timer;
                    if (t != null) {
                        t.cancel(); // every attempt failed: no point hedging a failure, retry decides
                    }
                    result.completeExceptionally(error);
                }
            });
            if (result.isDone()) {
                f.cancel(true);
            }
        }

        void scheduleHedge(int index) {
            if (index > config.maxHedges() || result.isDone()) {
                timer = null;
                return;
            }
            // the timer only decides; the hedge starts on the executor, like a retry's next attempt:
            // starting a request (the client's filters, a connection) on a timer thread would hold
            // every other timer of the service meanwhile (HedgeTimerThreadTest). The budget is paid
            // there, for a hedge that is sent: a primary that answers while the hedge waits for a
            // thread leaves the token to the next slow read (HedgeBudgetTest)
            timer = scheduler.schedule(Duration.ofNanos(currentDelayNanos()), () -> {
                if (!result.isDone() && gate.getAsBoolean()) {
                    try {
                        scheduler.executor().execute(() -> {
                            if (result.isDone() || !budget.tryWithdraw()) {
                                return; // answered while the hedge waited for a thread, or no budget: nothing to send
                            }
                            hedges.increment();
                            hedged = true;
                            fired(index, clock.nanoTime() - startNanos);
                            launch(index);
                            scheduleHedge(index + 1);
                        });
                    } catch (RejectedExecutionException shutDown) {
                        timer = null; // the executor is gone: no hedge, the primary still answers
                    }
                } else {
                    timer = null;
                }
            });
        }

        /** Attempt {@code winner} answered first: it won, and every attempt cancelled for it lost. */
        void decided(int winner) {
            if (observers.isEmpty()) {
                return;
            }
            tell(o -> o.won(winner));
            for (int i = 0; i < attempts.length(); i++) {
                CompletableFuture<T> f = attempts.get(i);
                int loser = i;
                if (i != winner && f != null && f.isCancelled()) {
                    tell(o -> o.cancelled(loser));
                }
            }
        }

        void cancelAll() {
            Scheduler.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            for (int i = 0; i < attempts.length(); i++) {
                CompletableFuture<T> f = attempts.get(i);
                if (f != null && !f.isDone()) {
                    f.cancel(true);
                }
            }
        }
    }

    private void fired(int attempt, long afterNanos) {
        tell(o -> o.fired(attempt, afterNanos));
    }

    private void tell(java.util.function.Consumer<Observer> event) {
        for (Observer o : observers) {
            try {
                event.accept(o);
            } catch (RuntimeException e) {
                System.getLogger(DefaultHedging.class.getName())
                        .log(System.Logger.Level.WARNING, "hedge observer failed", e);
            }
        }
    }

    @Override
    public void onHedge(Observer observer) {
        observers.add(java.util.Objects.requireNonNull(observer, "observer"));
    }

    @Override
    public long calls() {
        return calls.sum();
    }

    @Override
    public long hedges() {
        return hedges.sum();
    }

    @Override
    public void reset() {
        histogram.reset();
        budget.reset();
    }

    @Override
    public LatencyHistogram histogram() {
        return histogram;
    }

    @Override
    public String toString() {
        return "Hedging[" + name + "]";
    }
}
