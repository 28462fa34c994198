package dev.resilientshop.pricing.price;

/**
 * The promotion arithmetic, in whole cents so no floating-point error can creep into a price:
 * {@code list × (100 − percent) / 100}, rounded half up to the cent (4999 at 15% off is
 * 4249.15 → 4249; 1999 at 25% off is 1499.25 → 1499; 999 at 50% off is 499.5 → 500).
 */
final class Discount {

    private Discount() {}

    static int apply(int listCents, int percentOff) {
        if (listCents < 0) {
            throw new IllegalArgumentException("listCents must be >= 0, but was " + listCents);
        }
        if (percentOff < 0 || percentOff > 100) {
            throw new IllegalArgumentException("percentOff must be in [0, 100], but was " + percentOff);
        }
        long scaled = (long) listCents * (100 - percentOff);
        return (int) ((scaled + 50) / 100);
    }
}
