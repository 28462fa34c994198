package dev.resilientshop.pricing.price;

import java.util.List;

/** The batch answer: prices in the order the SKUs were asked for, unknown SKUs left out. */
record PriceList(List<Price> items) {}
