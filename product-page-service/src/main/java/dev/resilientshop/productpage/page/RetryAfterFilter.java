package dev.resilientshop.productpage.page;

import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Every 503 tells the client when to come back, so browsers and scripts do not hammer a dependency that is down. */
class RetryAfterFilter {

    @ServerResponseFilter
    void retryAfter(ContainerResponseContext response) {
        if (response.getStatus() == 503 && !response.getHeaders().containsKey("Retry-After")) {
            response.getHeaders().putSingle("Retry-After", PageExceptionMapper.RETRY_AFTER_SECONDS);
        }
    }
}
