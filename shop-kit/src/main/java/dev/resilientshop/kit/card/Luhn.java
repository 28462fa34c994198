package dev.resilientshop.kit.card;

/** The Luhn (mod 10) check digit: catches a single mistyped digit or two swapped neighbours before any call. */
public final class Luhn {

    private Luhn() {}

    public static boolean valid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
