package dev.resilientshop.productpage.page;

import dev.resilientshop.productpage.dependency.DependencyUnavailableException;
import dev.resilientshop.productpage.dependency.RequestRefusedException;
import dev.resilientshop.productpage.dependency.UnknownResourceException;

/**
 * Thrown by page resources (never by the JSON API) to answer with an HTML error page instead
 * of shop-kit's problem+json; {@link PageExceptionMapper} renders it. Keeping a separate type is
 * what lets the same service speak HTML to browsers and RFC 9457 to programs.
 */
public class PageException extends RuntimeException {

    private final int status;
    private final String title;

    public PageException(int status, String title, String message) {
        super(message);
        this.status = status;
        this.title = title;
    }

    public static PageException notFound(String message) {
        return new PageException(404, "We could not find that", message);
    }

    public static PageException unavailable(String message) {
        return new PageException(503, "This page is taking a break", message);
    }

    /** The page-side reading of a failed dependency call. */
    public static PageException from(RuntimeException e) {
        if (e instanceof PageException page) {
            return page;
        }
        if (e instanceof UnknownResourceException unknown) {
            return notFound("There is no " + unknown.what().toLowerCase() + " called " + unknown.id() + ".");
        }
        if (e instanceof RequestRefusedException refused) {
            return new PageException(
                    400,
                    "We could not do that",
                    "Our " + refused.dependency()
                            + " service could not handle this request. Please check what you asked for.");
        }
        if (e instanceof DependencyUnavailableException down) {
            return unavailable("Our " + down.dependency()
                    + " service is not answering right now. Please try again in a few seconds.");
        }
        return new PageException(500, "Something went wrong", "Something went wrong on our side. Please try again.");
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
