package dev.resilientshop.kit.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class CrashPointsTest {

    private final CrashPoints points =
            new CrashPoints(java.util.List.of("started", "reserve_called", "stock_reserved", "charge_called"));
    private final ArrayList<String> crashes = new ArrayList<>();

    {
        points.onCrash(() -> crashes.add("halt"));
    }

    @Test
    void anUnarmedPointNeverCrashes() {
        points.points().forEach(points::reached);
        assertThat(crashes).isEmpty();
    }

    @Test
    void theArmedPointCrashesOnceEvenWhenTheNameIsAnotherStringInstance() {
        points.arm(new String("stock_reserved")); // as it arrives from JSON: equal, not identical

        points.reached("started");
        points.reached("stock_reserved");
        points.reached("stock_reserved");

        assertThat(crashes).containsExactly("halt"); // one shot
        assertThat(points.armed()).isEmpty();
    }

    @Test
    void anUnknownPointIsRefused() {
        assertThatThrownBy(() -> points.arm("nowhere")).isInstanceOf(IllegalArgumentException.class);
    }
}
