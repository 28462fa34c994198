package dev.resilientshop.productpage.pricing;

import java.util.List;

public record PriceList(List<Price> items) {

    public PriceList {
        items = items == null ? List.of() : items;
    }
}
