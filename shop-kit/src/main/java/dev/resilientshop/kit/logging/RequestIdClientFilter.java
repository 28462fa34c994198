package dev.resilientshop.kit.logging;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Every outbound REST client call carries the current request's id ({@link RequestIds}). */
@Provider
public class RequestIdClientFilter implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        var id = RequestIds.current();
        if (id != null && !request.getHeaders().containsKey(RequestIds.HEADER)) {
            request.getHeaders().putSingle(RequestIds.HEADER, id);
        }
    }
}
