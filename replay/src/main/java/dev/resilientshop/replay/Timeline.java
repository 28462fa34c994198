package dev.resilientshop.replay;

import java.util.regex.Pattern;

/**
 * The seed's clock compressed by {@code speed}: seed time {@code T+12:00} at 10× happens 72 s of
 * wall time after T+0. Wall time 0 is the scenario's start (its baseline before T+0).
 */
public record Timeline(Scenario scenario, double speed) {

    private static final Pattern TIME = Pattern.compile("([+-])?(\\d+):([0-5]\\d)");

    public Timeline {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive, was " + speed);
        }
    }

    /** {@code "+12:30"} → 750, {@code "-02:00"} → -120. */
    public static int seconds(String time) {
        var m = TIME.matcher(time == null ? "" : time.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("a seed time looks like +12:30 or -02:00, was '" + time + "'");
        }
        int s = Integer.parseInt(m.group(2)) * 60 + Integer.parseInt(m.group(3));
        return "-".equals(m.group(1)) ? -s : s;
    }

    /** 750 → {@code "T+12:30"}. */
    public static String format(double seedSeconds) {
        long s = Math.round(seedSeconds);
        return String.format("T%s%02d:%02d", s < 0 ? "-" : "+", Math.abs(s) / 60, Math.abs(s) % 60);
    }

    /** Wall milliseconds after the start at which seed time {@code seedSeconds} comes. */
    public long wallMillis(int seedSeconds) {
        return Math.round((seedSeconds - scenario.startSeconds()) * 1000 / speed);
    }

    /** The seed time at {@code wallMillis} after the start. */
    public double seedSeconds(long wallMillis) {
        return scenario.startSeconds() + wallMillis * speed / 1000.0;
    }

    public long durationMillis() {
        return wallMillis(scenario.endSeconds());
    }

    /** The phase running at {@code wallMillis} after the start. */
    public int phaseIndexAt(long wallMillis) {
        int index = 0;
        for (int i = 0; i < scenario.phases().size(); i++) {
            if (wallMillis(scenario.phases().get(i).atSeconds()) <= wallMillis) {
                index = i;
            }
        }
        return index;
    }
}
