package dev.resilientshop.resilience.core;

import java.time.Duration;
import java.util.Objects;

/** Eager config validation with messages that say what was wrong and what was expected. */
public final class Validate {

    private Validate() {}

    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", but was " + value);
        }
        return value;
    }

    public static double inHalfOpenRange(String name, double value, double min, double max) {
        if (!(value > min && value <= max)) {
            throw new IllegalArgumentException(
                    name + " must be in (" + fmt(min) + ", " + fmt(max) + "], but was " + fmt(value));
        }
        return value;
    }

    public static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, but was " + value);
        }
        return value;
    }

    public static Duration notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, but was " + value);
        }
        return value;
    }

    public static Duration atMost(String name, Duration value, Duration max) {
        if (value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be <= " + max + ", but was " + value);
        }
        return value;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
