package dev.resilientshop.payment.charge;

import dev.resilientshop.kit.ops.CrashPoints;
import dev.resilientshop.kit.problem.ApiException;
import dev.resilientshop.payment.fraud.FraudCheck;
import dev.resilientshop.payment.fraud.FraudClient;
import dev.resilientshop.payment.fraud.FraudUnavailableException;
import dev.resilientshop.resilience.deadline.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One charge, start to finish: validate → fraud check → issuer decision → record.
 *
 * <p>Two failures it exists to prevent. Charging twice: the Idempotency-Key is required, a retry
 * with the same key gets the first charge back, and the UNIQUE key in the table settles races
 * between concurrent duplicates; a key reused for another order, amount, currency or card is a
 * 422, never the first charge passed off as this one (the request's fingerprint is stored).
 * Answering a decline as a server error: a decline is a normal business outcome, a 402
 * with a {@code reason}, recorded as DECLINED. Only "we could not decide" (fraud provider down or
 * slow) is a 503, and then nothing is recorded, so the caller may simply try again.
 */
@ApplicationScoped
class ChargeService {

    record Outcome(Charge charge, boolean created) {}

    private static final Logger LOG = Logger.getLogger(ChargeService.class);

    private final ChargeRepository charges;
    private final FraudClient fraud;
    private final CardProcessor processor;
    private final CrashPoints crash;

    ChargeService(ChargeRepository charges, FraudClient fraud, CardProcessor processor, CrashPoints crash) {
        this.charges = charges;
        this.fraud = fraud;
        this.processor = processor;
        this.crash = crash;
    }

    /**
     * The caller's budget bounds the work: the fraud call gets what is left, and a charge decided
     * after the caller has given up is not recorded (503, nothing written). So a retry with the
     * same key, or order-service's recovery job looking some time later, can never be overtaken by
     * a charge still on its way.
     */
    Outcome charge(String idempotencyKey, ChargeRequest body, Deadline deadline) throws SQLException {
        var request = body.validated();
        var existing = charges.findByKey(idempotencyKey);
        if (existing.isPresent()) {
            return replay(existing.get(), request);
        }
        var declineReason = decide(request, deadline);
        crash.reached("fraud_checked");
        if (deadline.isExpired()) {
            LOG.warnf("Charge for order %s decided after the caller's budget ran out: not recorded", request.orderId());
            throw new ApiException(
                    503,
                    "Service unavailable",
                    "the charge could not be decided in time, try again",
                    Map.of("orderId", request.orderId().toString()));
        }
        var status = declineReason.isPresent() ? Charge.DECLINED : Charge.CAPTURED;
        var inserted = charges.insert(request, idempotencyKey, status, declineReason.orElse(null));
        if (inserted.isEmpty()) {
            // A concurrent request with the same key recorded its charge first: answer with that one.
            return replay(charges.findByKey(idempotencyKey).orElseThrow(), request);
        }
        var charge = inserted.get();
        crash.reached("charge_recorded");
        if (charge.status().equals(Charge.DECLINED)) {
            LOG.infof("Charge %s for order %s declined: %s", charge.id(), charge.orderId(), charge.declineReason());
            throw declined(charge);
        }
        return new Outcome(charge, true);
    }

    private Optional<String> decide(ChargeRequest.Valid request, Deadline deadline) {
        try {
            var verdict = fraud.score(
                    new FraudCheck(
                            request.orderId().toString(),
                            request.amountCents(),
                            request.currency(),
                            request.cardBin(),
                            request.cardLast4(),
                            request.email()),
                    deadline);
            if (verdict.declined()) {
                return Optional.of("fraud_suspected");
            }
        } catch (FraudUnavailableException e) {
            LOG.warnf("Charge for order %s not decided: %s", request.orderId(), e.getMessage());
            throw new ApiException(
                    503,
                    "Service unavailable",
                    "fraud check unavailable, try again",
                    Map.of("orderId", request.orderId().toString()));
        }
        return processor.declineReason(request.cardNumber(), request.expiry());
    }

    /** The first answer again: the charge (200) or, for a decline, the same 402; 422 for another request. */
    private static Outcome replay(ChargeRepository.Keyed keyed, ChargeRequest.Valid request) {
        var existing = keyed.charge();
        boolean same = keyed.fingerprint() == null
                ? existing.orderId().equals(request.orderId())
                : keyed.fingerprint().equals(request.fingerprint());
        if (!same) {
            throw new ApiException(
                    422,
                    "Idempotency-Key reused",
                    "This Idempotency-Key was already used for a different charge (order, amount, currency or card)",
                    Map.of());
        }
        if (existing.status().equals(Charge.DECLINED)) {
            throw declined(existing);
        }
        return new Outcome(existing, false);
    }

    private static ApiException declined(Charge charge) {
        return new ApiException(
                402,
                "Payment declined",
                "The charge was declined: " + charge.declineReason(),
                Map.of(
                        "reason",
                        charge.declineReason(),
                        "chargeId",
                        charge.id().toString(),
                        "orderId",
                        charge.orderId().toString()));
    }

    Charge refund(UUID id) throws SQLException {
        var refunded = charges.refund(id);
        if (refunded.isPresent()) {
            return refunded.get();
        }
        var charge = charges.find(id).orElseThrow(() -> ApiException.notFound("Charge", id.toString()));
        if (charge.status().equals(Charge.DECLINED)) {
            throw ApiException.conflict(
                    "A declined charge took no money and cannot be refunded",
                    Map.of("chargeId", id.toString(), "status", charge.status()));
        }
        return charge;
    }
}
