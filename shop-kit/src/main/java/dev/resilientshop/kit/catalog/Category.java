package dev.resilientshop.kit.catalog;

import java.util.List;

/** A catalog category: its URL slug, display name, SKU prefix and the kinds of product it sells. */
public record Category(
        String slug,
        String name,
        String skuPrefix,
        int minPriceCents,
        int maxPriceCents,
        List<String> nouns,
        List<String> features) {

    /** The twelve categories of the seed catalog, in display order. */
    public static final List<Category> ALL = List.of(
            new Category(
                    "audio",
                    "Audio",
                    "AUD",
                    1_900,
                    49_900,
                    List.of(
                            "Headphones",
                            "Earbuds",
                            "Bookshelf Speaker",
                            "Soundbar",
                            "Turntable",
                            "Amplifier",
                            "USB Microphone",
                            "Portable DAC"),
                    List.of(
                            "closed-back drivers",
                            "30-hour battery",
                            "aptX and AAC",
                            "a braided cable",
                            "a warm, detailed sound",
                            "physical volume dial")),
            new Category(
                    "cameras",
                    "Cameras",
                    "CAM",
                    2_900,
                    129_900,
                    List.of(
                            "Mirrorless Camera",
                            "Action Camera",
                            "35mm Prime Lens",
                            "Travel Tripod",
                            "Camera Sling",
                            "Speedlight Flash",
                            "50mm Prime Lens",
                            "3-axis Gimbal"),
                    List.of(
                            "weather sealing",
                            "in-body stabilisation",
                            "a magnesium body",
                            "4K at 60 fps",
                            "quick-release plates",
                            "fast autofocus")),
            new Category(
                    "kitchen",
                    "Kitchen",
                    "KIT",
                    900,
                    39_900,
                    List.of(
                            "Chef's Knife",
                            "Dutch Oven",
                            "Burr Grinder",
                            "Carbon Steel Pan",
                            "Gooseneck Kettle",
                            "End-grain Board",
                            "Stand Mixer",
                            "French Press"),
                    List.of(
                            "a full-tang blade",
                            "enamelled cast iron",
                            "40 grind settings",
                            "a riveted handle",
                            "temperature hold",
                            "dishwasher-safe parts")),
            new Category(
                    "books",
                    "Books",
                    "BOK",
                    899,
                    4_999,
                    List.of(
                            "Novel",
                            "Cookbook",
                            "Field Guide",
                            "World Atlas",
                            "Short Story Anthology",
                            "Biography",
                            "Poetry Collection",
                            "Graphic Novel"),
                    List.of(
                            "a sewn binding",
                            "colour plates",
                            "an index of 900 entries",
                            "a foreword by the editor",
                            "heavy matte paper",
                            "a ribbon marker")),
            new Category(
                    "outdoor",
                    "Outdoor",
                    "OUT",
                    1_500,
                    59_900,
                    List.of(
                            "Two-person Tent",
                            "Down Sleeping Bag",
                            "Headlamp",
                            "45L Backpack",
                            "Camp Stove",
                            "Trekking Poles",
                            "Water Filter",
                            "Ultralight Hammock"),
                    List.of(
                            "ripstop nylon",
                            "a 3-season rating",
                            "taped seams",
                            "a 400-lumen beam",
                            "an aluminium frame",
                            "a packed weight under 1 kg")),
            new Category(
                    "toys",
                    "Toys",
                    "TOY",
                    700,
                    14_900,
                    List.of(
                            "Building Set",
                            "1000-piece Puzzle",
                            "Stunt Kite",
                            "Plush Bear",
                            "Wooden Train",
                            "Marble Run",
                            "Robot Kit",
                            "Pro Yo-yo"),
                    List.of(
                            "non-toxic paints",
                            "FSC-certified wood",
                            "ages 6 and up",
                            "rechargeable batteries",
                            "a storage tin",
                            "step-by-step cards")),
            new Category(
                    "fitness",
                    "Fitness",
                    "FIT",
                    1_200,
                    49_900,
                    List.of(
                            "Yoga Mat",
                            "Cast Iron Kettlebell",
                            "Speed Rope",
                            "Resistance Bands",
                            "Foam Roller",
                            "Adjustable Dumbbells",
                            "Pull-up Bar",
                            "Running Belt"),
                    List.of(
                            "a non-slip surface",
                            "powder-coated grips",
                            "ball bearings",
                            "five resistance levels",
                            "a carry strap",
                            "a lifetime warranty")),
            new Category(
                    "office",
                    "Home Office",
                    "OFF",
                    1_200,
                    69_900,
                    List.of(
                            "Desk Lamp",
                            "Monitor Riser",
                            "Dot-grid Notebook",
                            "Fountain Pen",
                            "Desk Organizer",
                            "Ergonomic Chair",
                            "Mechanical Keyboard",
                            "1080p Webcam"),
                    List.of(
                            "a dimmable LED",
                            "solid walnut",
                            "120 gsm paper",
                            "a steel nib",
                            "hot-swappable switches",
                            "lumbar support")),
            new Category(
                    "garden",
                    "Garden",
                    "GAR",
                    800,
                    24_900,
                    List.of(
                            "Pruning Shears",
                            "Watering Can",
                            "Glazed Planter",
                            "Herb Seed Kit",
                            "Garden Gloves",
                            "Hose Reel",
                            "Hand Trowel",
                            "Bird Feeder"),
                    List.of(
                            "a bypass blade",
                            "galvanised steel",
                            "frost-proof glaze",
                            "heirloom seeds",
                            "an ash handle",
                            "a squirrel guard")),
            new Category(
                    "games",
                    "Games",
                    "GAM",
                    900,
                    8_900,
                    List.of(
                            "Board Game",
                            "Card Game",
                            "Chess Set",
                            "Dice Set",
                            "Strategy Game",
                            "Party Game",
                            "Puzzle Box",
                            "Wireless Controller"),
                    List.of(
                            "2 to 6 players",
                            "45-minute games",
                            "weighted pieces",
                            "a linen-finish deck",
                            "a solo mode",
                            "a foam insert")),
            new Category(
                    "apparel",
                    "Apparel",
                    "APP",
                    1_500,
                    29_900,
                    List.of(
                            "Rain Jacket",
                            "Merino Sweater",
                            "Organic T-shirt",
                            "Heavyweight Hoodie",
                            "Rib Beanie",
                            "Wool Scarf",
                            "Stretch Chinos",
                            "Hiking Socks"),
                    List.of(
                            "a 3-layer membrane",
                            "mulesing-free merino",
                            "organic cotton",
                            "reinforced seams",
                            "a relaxed fit",
                            "recycled fibres")),
            new Category(
                    "beauty",
                    "Beauty",
                    "BEA",
                    600,
                    7_900,
                    List.of(
                            "Face Serum",
                            "Shampoo Bar",
                            "Hand Cream",
                            "Lip Balm",
                            "Beard Oil",
                            "Mineral Sunscreen",
                            "Clay Face Mask",
                            "Body Wash"),
                    List.of(
                            "fragrance-free",
                            "SPF 50",
                            "plastic-free packaging",
                            "shea butter",
                            "vitamin C",
                            "a pump dispenser")));

    public static Category bySlug(String slug) {
        return ALL.stream().filter(c -> c.slug.equals(slug)).findFirst().orElse(null);
    }

    public static Category bySku(String sku) {
        if (sku == null || sku.length() < 3) {
            return null;
        }
        var prefix = sku.substring(0, 3);
        return ALL.stream().filter(c -> c.skuPrefix.equals(prefix)).findFirst().orElse(null);
    }
}
