package dev.roster.http;

import java.io.IOException;

/** Thrown by {@link HttpRequest#body(int)} when a body is longer than allowed; answered with 413. */
public final class PayloadTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * For a body over {@code maxBytes} bytes.
     *
     * @param maxBytes the most bytes accepted, named in the message
     */
    public PayloadTooLargeException(int maxBytes) {
        super("The request body is larger than " + maxBytes + " bytes.");
    }
}
