package dev.resilientshop.order.inventory;

/**
 * inventory gave no usable answer (refused, slow, error). After a timeout the reservation may or
 * may not exist, which is why the order keeps its recovery point.
 */
public class InventoryUnavailableException extends RuntimeException {

    InventoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
