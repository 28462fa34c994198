package dev.resilientshop.inventory.reservation;

import dev.resilientshop.inventory.stock.StockResource;
import dev.resilientshop.kit.problem.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** {@code POST /reservations} body. {@link #validated()} checks every field before anything is written. */
public record ReservationRequest(String orderId, List<Reservation.Line> items) {

    static final int MAX_LINES = 50;
    static final int MAX_QUANTITY = 999;
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * The lines merged by SKU and sorted, so two reservations always lock stock rows in the same
     * order and can never deadlock each other.
     */
    TreeMap<String, Integer> validated() {
        Map<String, String> errors = new LinkedHashMap<>();
        if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            errors.put("orderId", "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        if (items == null || items.isEmpty()) {
            errors.put("items", "must hold at least one line");
        } else if (items.size() > MAX_LINES) {
            errors.put("items", "must hold at most " + MAX_LINES + " lines");
        } else {
            for (int i = 0; i < items.size(); i++) {
                var line = items.get(i);
                if (line == null
                        || line.sku() == null
                        || !StockResource.SKU.matcher(line.sku()).matches()) {
                    errors.put("items[" + i + "].sku", "must be a SKU like AUD-0001");
                }
                if (line == null || line.quantity() == null || line.quantity() < 1 || line.quantity() > MAX_QUANTITY) {
                    errors.put("items[" + i + "].quantity", "must be in [1, " + MAX_QUANTITY + "]");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        var merged = new TreeMap<String, Integer>();
        items.forEach(l -> merged.merge(l.sku(), l.quantity(), Integer::sum));
        return merged;
    }
}
