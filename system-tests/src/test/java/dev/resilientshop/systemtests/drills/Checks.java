package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A drill's checks for one run, by name, so the same list can be asserted to pass with every
 * pattern on and asserted to fail with the drill's pattern off (issue 17).
 */
public final class Checks {

    private final String run;
    private final Map<String, Boolean> results = new LinkedHashMap<>();
    private final Map<String, String> details = new LinkedHashMap<>();

    public Checks(String run) {
        this.run = run;
    }

    public Checks check(String name, boolean passed, String detail) {
        results.put(name, passed);
        details.put(name, detail);
        return this;
    }

    public boolean allPass() {
        return results.values().stream().allMatch(b -> b);
    }

    public boolean passed(String name) {
        return results.get(name);
    }

    @Override
    public String toString() {
        var out = new StringBuilder(run).append(':');
        results.forEach((name, ok) -> out.append("\n  ")
                .append(ok ? "pass " : "FAIL ")
                .append(name)
                .append(": ")
                .append(details.get(name)));
        return out.toString();
    }

    /** Every check passes (the pattern on). */
    public void assertAllPass() {
        assertThat(allPass())
                .as("every check passes with the pattern on\n%s", this)
                .isTrue();
    }

    /** The checks that only the pattern can make pass fail now (the pattern off): the drill proves its pattern. */
    public void assertFail(String... names) {
        for (var n : names) {
            assertThat(results.get(n))
                    .as("'%s' must fail with the pattern off\n%s", n, this)
                    .isFalse();
        }
    }
}
