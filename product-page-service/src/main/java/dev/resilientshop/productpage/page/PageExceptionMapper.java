package dev.resilientshop.productpage.page;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders {@link PageException} as a friendly HTML page (404, 503 with {@code Retry-After}, 500);
 * never a stack trace. API resources throw shop-kit's ApiException instead and keep problem+json.
 */
class PageExceptionMapper {

    private static final Logger LOG = Logger.getLogger(PageExceptionMapper.class);
    static final int RETRY_AFTER_SECONDS = 5;

    private final Template error;
    private final Chrome.Factory chrome;

    PageExceptionMapper(@Location("error.html") Template error, Chrome.Factory chrome) {
        this.error = error;
        this.chrome = chrome;
    }

    @ServerExceptionMapper
    Response page(PageException e) {
        if (e.status() >= 500) {
            LOG.warnf(
                    "page answered %d: %s%s",
                    e.status(),
                    e.getMessage(),
                    e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
        }
        var html = error.data("status", e.status())
                .data("title", e.title())
                .data("message", e.getMessage())
                .data("chrome", chrome.current())
                .render();
        var response = Response.status(e.status())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html);
        if (e.status() == 503) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.build();
    }
}
