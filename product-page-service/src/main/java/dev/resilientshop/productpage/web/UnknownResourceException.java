package dev.resilientshop.productpage.web;

/** A dependency answered 404 for something we asked about by id (a SKU, an order). */
public class UnknownResourceException extends RuntimeException {

    private final String what;
    private final String id;

    public UnknownResourceException(String what, String id) {
        super(what + " '" + id + "' does not exist");
        this.what = what;
        this.id = id;
    }

    public String what() {
        return what;
    }

    public String id() {
        return id;
    }
}
