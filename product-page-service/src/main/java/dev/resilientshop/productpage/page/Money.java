package dev.resilientshop.productpage.page;

import java.util.Locale;

/** Cents to a display price. The shop prices everything in EUR. */
public final class Money {

    private Money() {}

    public static String format(long cents, String currency) {
        var symbol = currency == null || "EUR".equals(currency) ? "€" : currency + " ";
        return symbol + String.format(Locale.ROOT, "%,d.%02d", cents / 100, Math.abs(cents % 100));
    }

    public static String format(long cents) {
        return format(cents, "EUR");
    }
}
