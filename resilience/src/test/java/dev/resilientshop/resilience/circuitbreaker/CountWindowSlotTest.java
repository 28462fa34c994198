package dev.resilientshop.resilience.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The count window's slot is the cursor's unsigned remainder, computed without a division. */
class CountWindowSlotTest {

    @Property(tries = 10_000)
    void theSlotIsTheUnsignedRemainderOfTheCursor(
            @ForAll int cursor, @ForAll @IntRange(min = 1, max = CountWindow.MAX_SIZE) int size) {
        assertThat(CountWindow.slotOf(cursor, size, CountWindow.magic(size)))
                .isEqualTo(Integer.remainderUnsigned(cursor, size));
    }

    @Example
    void atTheEdges() {
        int[] cursors = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE + 1, 99, 100, 101};
        int[] sizes = {1, 2, 3, 7, 10, 100, 1 << 19, CountWindow.MAX_SIZE};
        for (int size : sizes) {
            for (int cursor : cursors) {
                assertThat(CountWindow.slotOf(cursor, size, CountWindow.magic(size)))
                        .as("cursor %d, size %d", cursor, size)
                        .isEqualTo(Integer.remainderUnsigned(cursor, size));
            }
        }
    }

    @Example
    void consecutiveCursorsWalkTheRingInOrder() {
        int size = 100;
        long magic = CountWindow.magic(size);
        for (int cursor = -250; cursor < 250; cursor++) { // across the int's wrap to 0
            int next = CountWindow.slotOf(cursor + 1, size, magic);
            int here = CountWindow.slotOf(cursor, size, magic);
            assertThat(next).isEqualTo(cursor == -1 ? 0 : (here + 1) % size);
        }
    }
}
