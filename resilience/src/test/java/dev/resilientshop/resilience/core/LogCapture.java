package dev.resilientshop.resilience.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one class logs while a test runs. The library logs through {@code System.Logger},
 * whose default backend is java.util.logging, so a handler on the class's JUL logger sees every
 * line. Close it (try-with-resources) to take the handler off again.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger jul;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Class<?> source) {
        this.jul = Logger.getLogger(source.getName());
        jul.addHandler(this);
    }

    /** Starts capturing what {@code source} logs. */
    public static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    /** Everything captured so far, in order. */
    public List<LogRecord> records() {
        return records;
    }

    /** The messages captured so far, in order. */
    public List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        jul.removeHandler(this);
    }
}
