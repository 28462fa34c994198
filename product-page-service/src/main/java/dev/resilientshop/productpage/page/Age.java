package dev.resilientshop.productpage.page;

/** How old something is, as a page writes it ("40 s", "12 min", "3 h"): a snapshot, a last known price. */
public final class Age {

    private Age() {}

    public static String of(long seconds) {
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }
}
