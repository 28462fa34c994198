package dev.resilientshop.resilience.circuitbreaker;

import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerEvent.CallRejected;
import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerEvent.StateTransitioned;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.EventPublisher;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The state machine's holder: current episode, transitions, events, the decorators. */
final class DefaultCircuitBreaker implements CircuitBreaker {

    private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

    private final String name;
    private final CircuitBreakerConfig config;
    private final Clock clock;
    private final AtomicReference<BreakerState> current;
    private final EventPublisher<CircuitBreakerEvent> events = new EventPublisher<>();
    private final AtomicLongArray transitions = new AtomicLongArray(StateTransition.values().length);
    private final LongAdder rejected = new LongAdder();

    DefaultCircuitBreaker(String name, CircuitBreakerConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = config.clock();
        this.current = new AtomicReference<>();
        current.set(new ClosedState(this));
    }

    BreakerState current() {
        return current.get();
    }

    /** Moves from exactly {@code from} to {@code to}; false if another thread moved first. */
    boolean transition(BreakerState from, BreakerState to) {
        StateTransition t = StateTransition.between(from.state(), to.state());
        if (!current.compareAndSet(from, to)) {
            return false;
        }
        transitions.incrementAndGet(t.ordinal());
        var at = clock.now();
        LOG.log(
                Level.INFO,
                () -> "circuit_breaker_transition breaker=" + name + " from_state="
                        + t.from().label() + " to_state=" + t.to().label() + " at=" + at);
        events.publish(new StateTransitioned(name, t, at));
        return true;
    }

    @Override
    public Permit tryAcquirePermission() {
        BreakerState s = current.get();
        Permit p = s.tryAcquire();
        if (p == null) {
            rejected.increment();
            if (events.hasListeners()) {
                events.publish(new CallRejected(name, current.get().state(), clock.now()));
            }
        }
        return p;
    }

    @Override
    public Permit acquirePermission() {
        Permit p = tryAcquirePermission();
        if (p == null) {
            throw new CallNotPermittedException(name, current.get().state());
        }
        return p;
    }

    @Override
    public <T> T call(Callable<T> callable) throws Exception {
        Permit permit = acquirePermission();
        long start = clock.nanoTime();
        try {
            T result = callable.call();
            permit.onSuccess(clock.nanoTime() - start);
            return result;
        } catch (Throwable t) {
            permit.onError(clock.nanoTime() - start, t);
            throw t;
        }
    }

    @Override
    public <T> Callable<T> decorateCallable(Callable<T> callable) {
        return () -> call(callable);
    }

    @Override
    public <T> Supplier<T> decorateSupplier(Supplier<T> supplier) {
        return () -> {
            Permit permit = acquirePermission();
            long start = clock.nanoTime();
            try {
                T result = supplier.get();
                permit.onSuccess(clock.nanoTime() - start);
                return result;
            } catch (RuntimeException | Error e) {
                permit.onError(clock.nanoTime() - start, e);
                throw e;
            }
        };
    }

    @Override
    public <T> Supplier<CompletionStage<T>> decorateCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
        return () -> {
            Permit permit = acquirePermission();
            long start = clock.nanoTime();
            CompletionStage<T> stage;
            try {
                stage = supplier.get();
            } catch (RuntimeException e) {
                permit.onError(clock.nanoTime() - start, e);
                throw e;
            }
            return stage.whenComplete((value, error) -> report(permit, clock.nanoTime() - start, error));
        };
    }

    static void report(Permit permit, long durationNanos, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            permit.onSuccess(durationNanos);
        } else if (cause instanceof CancellationException) {
            permit.onIgnore();
        } else {
            permit.onError(durationNanos, cause);
        }
    }

    @Override
    public void onEvent(Consumer<? super CircuitBreakerEvent> listener) {
        events.subscribe(listener);
    }

    @Override
    public long transitionCount(StateTransition transition) {
        return transitions.get(transition.ordinal());
    }

    @Override
    public long rejectedCount() {
        return rejected.sum();
    }

    @Override
    public long[] windowTotals() {
        return current.get().totals();
    }

    @Override
    public void reset() {
        BreakerState s;
        do {
            s = current.get(); // from any state straight to a fresh CLOSED: one transition, one event
        } while (!transition(s, new ClosedState(this)));
    }

    @Override
    public void forceOpen() {
        BreakerState s;
        do {
            s = current.get();
            if (s.state() == State.OPEN) {
                return;
            }
        } while (!transition(s, new OpenState(this, clock.nanoTime())));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CircuitBreakerConfig config() {
        return config;
    }

    @Override
    public State state() {
        return current.get().state();
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + state() + "]";
    }
}
