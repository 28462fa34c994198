package dev.resilientshop.fraud.score;

import dev.resilientshop.kit.problem.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The provider's one endpoint: score a prospective charge. Stateless, so any number of calls is safe. */
@Path("/scores")
@Produces(MediaType.APPLICATION_JSON)
public class ScoreResource {

    private final FraudRules rules;

    ScoreResource(FraudRules rules) {
        this.rules = rules;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Score score(ScoreRequest request) {
        if (request == null) {
            throw ApiException.badRequest(
                    "A JSON body with orderId, amountCents, currency, cardBin, cardLast4 and email is required");
        }
        request.validate();
        return rules.score(request);
    }
}
