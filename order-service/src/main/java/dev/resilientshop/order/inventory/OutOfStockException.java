package dev.resilientshop.order.inventory;

/** inventory refused the reservation (409): not enough of {@code sku}; nothing is held. */
public class OutOfStockException extends RuntimeException {

    private final String sku;
    private final Integer available;

    public OutOfStockException(String sku, Integer available) {
        super("Not enough stock for " + sku);
        this.sku = sku;
        this.available = available;
    }

    public String sku() {
        return sku;
    }

    /** What inventory said is left, or null if it did not say. */
    public Integer available() {
        return available;
    }
}
