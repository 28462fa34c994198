package dev.resilientshop.productpage.product;

import dev.resilientshop.kit.catalog.Category;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Draws a product's picture from its SKU alone: a two-tone gradient whose hue comes from a hash
 * of the SKU, the category's glyph, the SKU in small type. No image store and no call to any
 * service, so pictures never go missing while the drills break things.
 */
final class ProductImage {

    private static final String W = "fill=\"#fff\"";
    private static final Map<String, String> GLYPHS = Map.ofEntries(
            Map.entry(
                    "audio",
                    "<path d=\"M120 225v-35a80 80 0 0 1 160 0v35\" fill=\"none\" stroke=\"#fff\" stroke-width=\"18\" stroke-linecap=\"round\"/>"
                            + "<rect x=\"96\" y=\"205\" width=\"48\" height=\"78\" rx=\"18\" " + W
                            + "/><rect x=\"256\" y=\"205\" width=\"48\" height=\"78\" rx=\"18\" " + W + "/>"),
            Map.entry(
                    "cameras",
                    "<rect x=\"158\" y=\"112\" width=\"84\" height=\"40\" rx=\"10\" " + W
                            + "/><rect x=\"96\" y=\"140\" width=\"208\" height=\"140\" rx=\"24\" " + W + "/>"
                            + "<circle cx=\"200\" cy=\"210\" r=\"50\" fill=\"%2$s\"/><circle cx=\"200\" cy=\"210\" r=\"30\" fill=\"#fff\" opacity=\".55\"/><circle cx=\"270\" cy=\"165\" r=\"9\" fill=\"%2$s\"/>"),
            Map.entry(
                    "kitchen",
                    "<rect x=\"186\" y=\"128\" width=\"28\" height=\"22\" rx=\"8\" " + W
                            + "/><rect x=\"98\" y=\"148\" width=\"204\" height=\"20\" rx=\"10\" " + W + "/>"
                            + "<rect x=\"116\" y=\"176\" width=\"168\" height=\"108\" rx=\"20\" " + W
                            + "/><rect x=\"78\" y=\"196\" width=\"44\" height=\"16\" rx=\"8\" " + W
                            + "/><rect x=\"278\" y=\"196\" width=\"44\" height=\"16\" rx=\"8\" " + W + "/>"),
            Map.entry(
                    "books",
                    "<rect x=\"104\" y=\"238\" width=\"196\" height=\"42\" rx=\"8\" " + W
                            + "/><rect x=\"120\" y=\"190\" width=\"176\" height=\"42\" rx=\"8\" " + W
                            + " opacity=\".85\"/>" + "<rect x=\"110\" y=\"142\" width=\"184\" height=\"42\" rx=\"8\" "
                            + W
                            + "/><rect x=\"130\" y=\"155\" width=\"70\" height=\"8\" rx=\"4\" fill=\"%2$s\"/><rect x=\"124\" y=\"251\" width=\"90\" height=\"8\" rx=\"4\" fill=\"%2$s\"/>"),
            Map.entry(
                    "outdoor",
                    "<path d=\"M76 286 200 104l124 182z\" " + W
                            + "/><path d=\"M200 286v-112l44 112z\" fill=\"%2$s\"/><circle cx=\"300\" cy=\"110\" r=\"22\" "
                            + W + " opacity=\".7\"/>"),
            Map.entry(
                    "toys",
                    "<rect x=\"106\" y=\"196\" width=\"86\" height=\"86\" rx=\"12\" " + W
                            + "/><rect x=\"208\" y=\"196\" width=\"86\" height=\"86\" rx=\"12\" " + W
                            + " opacity=\".85\"/>" + "<rect x=\"157\" y=\"100\" width=\"86\" height=\"86\" rx=\"12\" "
                            + W + "/><circle cx=\"200\" cy=\"143\" r=\"16\" fill=\"%2$s\"/>"),
            Map.entry(
                    "fitness",
                    "<rect x=\"120\" y=\"190\" width=\"160\" height=\"20\" rx=\"10\" " + W
                            + "/><rect x=\"96\" y=\"146\" width=\"36\" height=\"108\" rx=\"10\" " + W + "/>"
                            + "<rect x=\"268\" y=\"146\" width=\"36\" height=\"108\" rx=\"10\" " + W
                            + "/><rect x=\"70\" y=\"168\" width=\"26\" height=\"64\" rx=\"8\" " + W
                            + "/><rect x=\"304\" y=\"168\" width=\"26\" height=\"64\" rx=\"8\" " + W + "/>"),
            Map.entry(
                    "office",
                    "<rect x=\"118\" y=\"270\" width=\"120\" height=\"16\" rx=\"8\" " + W
                            + "/><path d=\"M178 270 148 192l80-56\" fill=\"none\" stroke=\"#fff\" stroke-width=\"14\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>"
                            + "<path d=\"M212 104l84 40-40 44z\" " + W + "/><circle cx=\"148\" cy=\"192\" r=\"12\" " + W
                            + "/>"),
            Map.entry(
                    "garden",
                    "<path d=\"M200 292C104 240 104 150 200 92c96 58 96 148 0 200z\" " + W
                            + "/><path d=\"M200 292V128M200 200l-40-30M200 236l44-34\" fill=\"none\" stroke=\"%2$s\" stroke-width=\"8\" stroke-linecap=\"round\"/>"),
            Map.entry(
                    "games",
                    "<rect x=\"118\" y=\"118\" width=\"164\" height=\"164\" rx=\"30\" " + W + "/>"
                            + "<circle cx=\"158\" cy=\"158\" r=\"14\" fill=\"%2$s\"/><circle cx=\"242\" cy=\"158\" r=\"14\" fill=\"%2$s\"/><circle cx=\"200\" cy=\"200\" r=\"14\" fill=\"%2$s\"/>"
                            + "<circle cx=\"158\" cy=\"242\" r=\"14\" fill=\"%2$s\"/><circle cx=\"242\" cy=\"242\" r=\"14\" fill=\"%2$s\"/>"),
            Map.entry(
                    "apparel",
                    "<path d=\"M152 108l-44 22-32 56 42 22 16-26v112h132V182l16 26 42-22-32-56-44-22c-8 24-88 24-96 0z\" "
                            + W + "/>"),
            Map.entry(
                    "beauty",
                    "<rect x=\"172\" y=\"100\" width=\"56\" height=\"34\" rx=\"8\" " + W
                            + "/><rect x=\"182\" y=\"132\" width=\"36\" height=\"34\" rx=\"6\" " + W
                            + " opacity=\".85\"/>" + "<rect x=\"146\" y=\"164\" width=\"108\" height=\"126\" rx=\"24\" "
                            + W
                            + "/><rect x=\"168\" y=\"206\" width=\"64\" height=\"40\" rx=\"8\" fill=\"%2$s\" opacity=\".6\"/>"));

    private ProductImage() {}

    static String svg(String sku, Category category) {
        int hash = mix(fnv1a(sku));
        int hue = Math.floorMod(hash, 360);
        int hue2 = (hue + 28) % 360;
        var light = "hsl(%d,70%%,66%%)".formatted(hue);
        var dark = "hsl(%d,55%%,42%%)".formatted(hue2);
        int bubbleX = 60 + Math.floorMod(hash >>> 9, 280);
        int bubbleY = 40 + Math.floorMod(hash >>> 17, 120);
        var glyph = GLYPHS.getOrDefault(category.slug(), "<circle cx=\"200\" cy=\"200\" r=\"80\" " + W + "/>");
        return """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-label="%1$s (%3$s)">\
                <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="%4$s"/><stop offset="1" stop-color="%2$s"/></linearGradient></defs>\
                <rect width="400" height="400" fill="url(#g)"/>\
                <circle cx="%5$d" cy="%6$d" r="120" fill="#fff" opacity=".10"/><circle cx="330" cy="340" r="90" fill="#000" opacity=".06"/>\
                <g opacity=".95">%7$s</g>\
                <text x="380" y="378" text-anchor="end" font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif" font-size="18" fill="#fff" opacity=".85">%1$s</text>\
                </svg>
                """.formatted(sku, dark, category.name(), light, bubbleX, bubbleY, glyph.formatted(sku, dark));
    }

    /** Murmur3's finaliser: neighbouring SKUs (AUD-0001, AUD-0002) get unrelated hues. */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** FNV-1a: stable across JVMs and runs, unlike nothing-promised {@code String.hashCode} mixing. */
    static int fnv1a(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }
}
