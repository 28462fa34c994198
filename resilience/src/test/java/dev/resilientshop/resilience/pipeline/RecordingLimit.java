package dev.resilientshop.resilience.pipeline;

import dev.resilientshop.resilience.limit.Limit;
import java.util.ArrayList;
import java.util.List;

/** A fixed limit that remembers every sample it is fed, so a test can see what the limiter learned. */
final class RecordingLimit implements Limit {

    record Sample(long rttNanos, int inFlight, boolean dropped) {}

    private final int limit;
    final List<Sample> samples = new ArrayList<>();
    RuntimeException failOnSample;

    RecordingLimit(int limit) {
        this.limit = limit;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public synchronized int onSample(long rttNanos, int inFlight, boolean dropped) {
        samples.add(new Sample(rttNanos, inFlight, dropped));
        if (failOnSample != null) {
            throw failOnSample;
        }
        return limit;
    }
}
