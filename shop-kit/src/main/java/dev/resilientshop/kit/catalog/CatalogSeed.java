package dev.resilientshop.kit.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The shop's deterministic demo data: 600 products over 12 categories, stock levels, prices,
 * promotions, co-purchase pairs and the purchase histories of 200 demo users.
 *
 * <p>Every service loads its own slice of the same data at start-up when its tables are empty,
 * so SKUs agree across databases without any service calling another. The generator uses a
 * fixed seed: the same build always produces the same shop (SKU {@code AUD-0001} is always the
 * same headphones with the same stock), which makes drills and screenshots repeatable.
 */
public final class CatalogSeed {

    public static final long SEED = 20_26_11_23L;
    public static final int PRODUCTS_PER_CATEGORY = 50;
    public static final int DEMO_USERS = 200;

    private static final List<String> BRANDS = List.of(
            "Fjord",
            "Alder",
            "Kestrel",
            "Northwind",
            "Lumen",
            "Basalt",
            "Tamarack",
            "Halcyon",
            "Juniper",
            "Meridian",
            "Otter & Co",
            "Solstice",
            "Wren",
            "Corvid",
            "Marlow",
            "Pike");
    private static final List<String> LINES = List.of(
            "Classic",
            "Pro",
            "Compact",
            "Studio",
            "Trail",
            "Everyday",
            "Signature",
            "Lite",
            "Max",
            "Heritage",
            "Nomad",
            "Essential");

    private static final List<SeedProduct> PRODUCTS = generateProducts();

    private CatalogSeed() {}

    public static List<SeedProduct> products() {
        return PRODUCTS;
    }

    private static List<SeedProduct> generateProducts() {
        var random = new Random(SEED);
        var all = new ArrayList<SeedProduct>();
        for (var category : Category.ALL) {
            Set<String> names = new HashSet<>();
            for (int i = 1; i <= PRODUCTS_PER_CATEGORY; i++) {
                String name;
                do {
                    name = pick(random, BRANDS) + " " + pick(random, LINES) + " " + pick(random, category.nouns());
                } while (!names.add(name));
                var sku = "%s-%04d".formatted(category.skuPrefix(), i);
                all.add(new SeedProduct(
                        sku,
                        name,
                        describe(random, name, category),
                        category.slug(),
                        stock(random),
                        price(random, category),
                        promotion(random),
                        popularity(random)));
            }
        }
        return List.copyOf(all);
    }

    private static String describe(Random random, String name, Category category) {
        var features = new ArrayList<>(category.features());
        Collections.shuffle(features, random);
        return "The %s pairs %s with %s. Built to last, and backed by our 30-day returns."
                .formatted(name, features.get(0), features.get(1));
    }

    /** Mostly healthy stock; about 5% sold out and 10% nearly gone, so the page has cases to show. */
    private static int stock(Random random) {
        int roll = random.nextInt(100);
        if (roll < 5) {
            return 0;
        }
        if (roll < 15) {
            return 1 + random.nextInt(3);
        }
        return 10 + random.nextInt(140);
    }

    /** A price in the category's range, ending in 99 cents like a real shop's. */
    private static int price(Random random, Category category) {
        int span = category.maxPriceCents() - category.minPriceCents();
        double skew = Math.pow(random.nextDouble(), 2); // most products toward the cheap end
        int cents = category.minPriceCents() + (int) (span * skew);
        return Math.max(99, (cents / 100) * 100 + 99);
    }

    private static int promotion(Random random) {
        int roll = random.nextInt(100);
        return roll < 15 ? List.of(10, 15, 20, 25).get(random.nextInt(4)) : 0;
    }

    /** Zipf-like: a few best-sellers, a long tail. */
    private static int popularity(Random random) {
        return (int) (2000 / (1 + random.nextInt(200))) + random.nextInt(10);
    }

    private static String pick(Random random, List<String> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** Products of one category, in SKU order. */
    public static List<SeedProduct> inCategory(String slug) {
        return PRODUCTS.stream().filter(p -> p.category().equals(slug)).toList();
    }

    /** Product counts per category slug, in display order. */
    public static Map<String, Integer> countsByCategory() {
        var counts = new LinkedHashMap<String, Integer>();
        for (var c : Category.ALL) {
            counts.put(c.slug(), inCategory(c.slug()).size());
        }
        return counts;
    }
}
