package dev.resilientshop.productpage.order;

import java.util.List;

/** The body of order-service's {@code POST /orders}, also accepted as is by {@code POST /api/orders}. */
public record OrderRequest(List<Item> items, Customer customer, Payment payment) {

    public record Item(String sku, Integer quantity) {}

    public record Customer(String name, String email) {}

    public record Payment(String cardNumber, String cardHolder, String expiry, String cvc) {}
}
