package dev.resilientshop.payment.fraud;

import dev.resilientshop.kit.client.ProblemAnswers;
import dev.resilientshop.resilience.deadline.Deadline;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The external fraud provider ({@code quarkus.rest-client.fraud.url}); built by {@link FraudClient}.
 * No service credential: the provider is not one of the shop's services. {@code budget} travels as
 * {@value Deadline#HEADER} (null: no header).
 */
@RegisterRestClient(configKey = "fraud")
@Path("/scores")
public interface FraudApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<FraudVerdict> score(FraudCheck check, @HeaderParam(Deadline.HEADER) String budget);

    @ClientExceptionMapper
    static RuntimeException toException(Response answer) {
        return ProblemAnswers.of("fraud", answer);
    }
}
