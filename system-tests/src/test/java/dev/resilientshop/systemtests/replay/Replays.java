package dev.resilientshop.systemtests.replay;

/**
 * Which form the replay system tests run in. The default is the short form, sized for CI: the
 * scenarios at a higher speed where their phases and counts allow it, and no replay whose
 * assertion another test already makes. {@code -Dreplays.full=true} runs the full form, the
 * slower speeds and every mode, as the docs' replay figures were measured:
 * <pre>
 * mvn -B -pl system-tests test -Dtest='*ReplaysTest' -Dreplays.full=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
final class Replays {

    /** {@code -Dreplays.full=true}: the full form. */
    static final boolean FULL = Boolean.getBoolean("replays.full");

    private Replays() {}

    /** {@code full} in the full form, {@code short} otherwise. */
    static double speed(double shortForm, double full) {
        return FULL ? full : shortForm;
    }

    /** What a REPLAY line says about the form it ran in. */
    static String form() {
        return FULL ? "full form (-Dreplays.full=true)" : "short form";
    }
}
