package dev.resilientshop.order.checkout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The sha-256 of a request's canonical form, stored with the order so that a later request with
 * the same Idempotency-Key can be told apart: the same body again (replay) or a different one
 * (a reused key). The card number enters only as its last 4 digits and the CVC not at all: a
 * plain hash of a 16-digit number with a known prefix can be reversed by trying them all.
 */
final class Fingerprint {

    private record Canonical(
            List<OrderRequest.Item> items,
            OrderRequest.Customer customer,
            String cardLast4,
            String cardHolder,
            String expiry) {}

    private Fingerprint() {}

    static String of(OrderRequest request, ObjectMapper json) {
        var digits = request.payment().digits();
        var canonical = new Canonical(
                request.items(),
                request.customer(),
                digits.substring(digits.length() - 4),
                request.payment().cardHolder(),
                request.payment().expiry());
        try {
            var bytes = json.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint an order request", e);
        }
    }
}
