package dev.resilientshop.kit.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One SHA-256 over everything the seed generates (products, co-purchases, user purchases), in
 * the order the generators return it. {@code CatalogSeedTest} compares it with the digest
 * checked in as {@code catalog-seed.sha256} and with the same digest computed by a second JVM.
 *
 * <p>After a deliberate change to the seed, regenerate the checked-in file from the repository
 * root (after {@code mvn -o -q -pl shop-kit test-compile}):
 * <pre>
 * java -cp shop-kit/target/classes:shop-kit/target/test-classes dev.resilientshop.kit.catalog.CatalogDigest \
 *     &gt; shop-kit/src/test/resources/catalog-seed.sha256
 * </pre>
 */
public final class CatalogDigest {

    private CatalogDigest() {}

    public static String compute() {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            CatalogSeed.products().forEach(p -> update(sha, p.toString()));
            PurchaseHistorySeed.coPurchases().forEach(p -> update(sha, p.toString()));
            PurchaseHistorySeed.userPurchases().forEach(p -> update(sha, p.toString()));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, String line) {
        sha.update(line.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }

    public static void main(String[] args) {
        System.out.println(compute());
    }
}
