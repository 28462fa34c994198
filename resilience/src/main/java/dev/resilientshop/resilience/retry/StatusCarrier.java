package dev.resilientshop.resilience.retry;

/**
 * Implemented by a failure that came with a status code, typically an HTTP adapter's exception
 * ("the inventory client got a 503"). The library needs the number, never the HTTP library.
 */
public interface StatusCarrier {

    /** The status, e.g. 503. */
    int status();
}
