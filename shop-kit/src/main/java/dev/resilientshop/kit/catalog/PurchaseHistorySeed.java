package dev.resilientshop.kit.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic purchase history for the recommendations service: which products were bought
 * together (and how often), and what each of the 200 demo users ({@code u001}..{@code u200})
 * bought. Most co-purchases stay inside a category; a few cross over along natural pairings
 * (cameras with outdoor gear, kitchen with cookbooks), as real baskets do.
 */
public final class PurchaseHistorySeed {

    public record CoPurchase(String sku, String otherSku, int count) {}

    public record UserPurchase(String userId, String sku) {}

    private static final Map<String, String> CROSS = Map.ofEntries(
            Map.entry("cameras", "outdoor"), Map.entry("outdoor", "cameras"),
            Map.entry("kitchen", "books"), Map.entry("books", "kitchen"),
            Map.entry("fitness", "apparel"), Map.entry("apparel", "fitness"),
            Map.entry("office", "audio"), Map.entry("audio", "office"),
            Map.entry("toys", "games"), Map.entry("games", "toys"),
            Map.entry("garden", "outdoor"), Map.entry("beauty", "apparel"));

    private PurchaseHistorySeed() {}

    /** Both directions of every pair, so "bought with X" is one indexed lookup. */
    public static List<CoPurchase> coPurchases() {
        var random = new Random(CatalogSeed.SEED + 1);
        Map<String, Integer> pairs = new HashMap<>();
        var bySlug = new HashMap<String, List<SeedProduct>>();
        for (var c : Category.ALL) {
            bySlug.put(c.slug(), CatalogSeed.inCategory(c.slug()));
        }
        for (var p : CatalogSeed.products()) {
            int partners = 3 + random.nextInt(6);
            for (int i = 0; i < partners; i++) {
                var slug = random.nextInt(10) < 8 ? p.category() : CROSS.get(p.category());
                var pool = bySlug.get(slug);
                var other = pool.get(random.nextInt(pool.size()));
                if (other.sku().equals(p.sku())) {
                    continue;
                }
                int count = 1 + random.nextInt(40);
                pairs.merge(p.sku() + "|" + other.sku(), count, Integer::sum);
                pairs.merge(other.sku() + "|" + p.sku(), count, Integer::sum);
            }
        }
        var out = new ArrayList<CoPurchase>(pairs.size());
        pairs.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            var parts = e.getKey().split("\\|");
            out.add(new CoPurchase(parts[0], parts[1], e.getValue()));
        });
        return out;
    }

    public static List<UserPurchase> userPurchases() {
        var random = new Random(CatalogSeed.SEED + 2);
        var products = CatalogSeed.products();
        var out = new ArrayList<UserPurchase>();
        for (int u = 1; u <= CatalogSeed.DEMO_USERS; u++) {
            var userId = "u%03d".formatted(u);
            var favourite =
                    Category.ALL.get(random.nextInt(Category.ALL.size())).slug();
            int n = 3 + random.nextInt(8);
            var seen = new java.util.HashSet<String>();
            for (int i = 0; i < n; i++) {
                var pool = random.nextInt(3) < 2 ? CatalogSeed.inCategory(favourite) : products;
                var sku = pool.get(random.nextInt(pool.size())).sku();
                if (seen.add(sku)) {
                    out.add(new UserPurchase(userId, sku));
                }
            }
        }
        return out;
    }

    public static String userId(int n) {
        return "u%03d".formatted(n);
    }
}
