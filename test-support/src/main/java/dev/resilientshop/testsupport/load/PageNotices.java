package dev.resilientshop.testsupport.load;

import java.util.List;

/**
 * How a load tells a full page from a degraded one by its HTML: a degraded page shows a notice
 * instead of an error (the stock banner, "recommendations are unavailable"), the note over
 * fallback recommendations, or a last known price. The replay's report and {@code ./shop load}
 * count banners with the same list.
 */
public final class PageNotices {

    public static final List<String> NOTICES = List.of("class=\"notice", "taking a break", "Last known price");
    /** The stock banner, one of the notices, counted on its own by the replay. */
    public static final String STOCK_BANNER = "class=\"notice banner";

    private PageNotices() {}

    /** Whether {@code body} shows any of the {@link #NOTICES}. */
    public static boolean degraded(String body) {
        if (body == null) {
            return false;
        }
        for (var notice : NOTICES) {
            if (body.contains(notice)) {
                return true;
            }
        }
        return false;
    }
}
