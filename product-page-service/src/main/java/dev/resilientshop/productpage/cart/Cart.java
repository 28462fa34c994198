package dev.resilientshop.productpage.cart;

import dev.resilientshop.kit.catalog.Category;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cart, kept entirely in the {@code cart} cookie ({@code AUD-0001:2|CAM-0003:1}) so the
 * product page needs no database and a cart survives any service being down. The cookie is
 * user input: every read re-validates it, dropping anything that is not a known-category SKU
 * with a quantity of 1..99 and stopping at {@value #MAX_LINES} lines, so a tampered cookie can
 * neither break a page nor smuggle odd values into an order.
 */
public final class Cart {

    public static final String COOKIE = "cart";
    public static final int MAX_LINES = 50;
    public static final int MAX_QUANTITY = 99;
    private static final Pattern SKU = Pattern.compile("[A-Z]{3}-\\d{4}");

    private final Map<String, Integer> lines;

    private Cart(Map<String, Integer> lines) {
        this.lines = lines;
    }

    public static Cart empty() {
        return new Cart(new LinkedHashMap<>());
    }

    public static Cart parse(String cookie) {
        var lines = new LinkedHashMap<String, Integer>();
        if (cookie == null || cookie.isBlank() || cookie.length() > 2_000) {
            return new Cart(lines);
        }
        var value = cookie.length() > 1 && cookie.startsWith("\"") && cookie.endsWith("\"")
                ? cookie.substring(1, cookie.length() - 1)
                : cookie;
        for (var part : value.split("\\|")) {
            if (lines.size() == MAX_LINES) {
                break;
            }
            var pieces = part.split(":", -1);
            if (pieces.length != 2 || !isValidSku(pieces[0]) || !pieces[1].matches("\\d{1,2}")) {
                continue;
            }
            int quantity = Integer.parseInt(pieces[1]);
            if (quantity >= 1 && !lines.containsKey(pieces[0])) {
                lines.put(pieces[0], quantity);
            }
        }
        return new Cart(lines);
    }

    public static boolean isValidSku(String sku) {
        return sku != null && SKU.matcher(sku).matches() && Category.bySku(sku) != null;
    }

    public static boolean isValidQuantity(int quantity) {
        return quantity >= 1 && quantity <= MAX_QUANTITY;
    }

    /** Adds to an existing line (capped at 99); false when the cart already has 50 other lines. */
    public boolean add(String sku, int quantity) {
        if (!lines.containsKey(sku) && lines.size() >= MAX_LINES) {
            return false;
        }
        lines.merge(sku, quantity, (a, b) -> Math.min(MAX_QUANTITY, a + b));
        return true;
    }

    /** Sets a line's quantity; 0 removes it. Unknown SKUs are ignored. */
    public void update(String sku, int quantity) {
        if (!lines.containsKey(sku)) {
            return;
        }
        if (quantity <= 0) {
            lines.remove(sku);
        } else {
            lines.put(sku, Math.min(MAX_QUANTITY, quantity));
        }
    }

    public void remove(String sku) {
        lines.remove(sku);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public int itemCount() {
        return lines.values().stream().mapToInt(Integer::intValue).sum();
    }

    public List<Line> lines() {
        var out = new ArrayList<Line>();
        lines.forEach((sku, q) -> out.add(new Line(sku, q)));
        return Collections.unmodifiableList(out);
    }

    public String encode() {
        var sb = new StringBuilder();
        lines.forEach((sku, q) ->
                sb.append(sb.length() == 0 ? "" : "|").append(sku).append(':').append(q));
        return sb.toString();
    }

    public record Line(String sku, int quantity) {}
}
