package dev.resilientshop.resilience.core;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;

/**
 * A deterministic {@link Scheduler} for tests: tasks run, in due order, on the thread that
 * advances time through {@link #advance(Duration)} or {@link #sleep(Duration)}.
 *
 * <p>While a task runs, the clock reads exactly that task's due time, so a discrete-event
 * simulation ("attempt fails at t=10 ms, retry scheduled at t=73 ms") needs no real time at all.
 * Tasks scheduled with a zero delay run at the next {@link #runDueTasks()} or advance.
 *
 * <p>Thread-safety: scheduling is synchronized; tasks run outside the lock, on the advancing
 * thread.
 */
public final class ManualScheduler implements Scheduler {

    private final ManualClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long sequence;

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(Nanos.add(clock.nanoTime(), Math.max(0, Nanos.of(delay))), sequence++, task);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    /** Advances the clock by {@code delay}, running every task that falls due on the way. */
    @Override
    public void sleep(Duration delay) {
        advance(delay);
    }

    /** Advances the clock by {@code duration}, running every task that falls due on the way. */
    public void advance(Duration duration) {
        long target = Nanos.add(clock.nanoTime(), Nanos.of(duration));
        Task next;
        while ((next = pollDue(target)) != null) {
            clock.advanceTo(next.dueNanos);
            next.run();
        }
        clock.advanceTo(target);
    }

    /** Runs tasks already due (for example zero-delay ones) without moving time. */
    public void runDueTasks() {
        advance(Duration.ZERO);
    }

    /** Number of scheduled tasks not yet run or cancelled. */
    public synchronized int pendingTasks() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    /** Due time of the earliest pending task, or {@code Long.MAX_VALUE} if none. */
    public synchronized long nextDueNanos() {
        queue.removeIf(t -> t.cancelled);
        Task head = queue.peek();
        return head == null ? Long.MAX_VALUE : head.dueNanos;
    }

    private synchronized Task pollDue(long target) {
        Task head;
        while ((head = queue.peek()) != null && head.dueNanos <= target) {
            queue.poll();
            if (!head.cancelled) {
                return head;
            }
        }
        return null;
    }

    /** Runs work inline, on the thread that completes the future or advances time: deterministic. */
    @Override
    public Executor executor() {
        return Runnable::run;
    }

    @Override
    public ManualClock clock() {
        return clock;
    }

    private static final class Task implements Comparable<Task> {
        final long dueNanos;
        final long seq;
        final Runnable action;
        volatile boolean cancelled;

        Task(long dueNanos, long seq, Runnable action) {
            this.dueNanos = dueNanos;
            this.seq = seq;
            this.action = action;
        }

        void run() {
            action.run();
        }

        @Override
        public int compareTo(Task o) {
            int byTime = Long.compare(dueNanos, o.dueNanos);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }
    }
}
