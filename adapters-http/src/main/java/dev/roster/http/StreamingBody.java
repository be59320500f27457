package dev.roster.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body too large to hold, written after the status and headers by the thread that
 * answers the request (sent without {@code Content-Length}, chunked on HTTP/1.1). The binding's
 * stream blocks while the client is behind, so a body written piece by piece costs the memory of
 * one piece, whatever its length. A failure after the headers are sent cannot become an error
 * status: the binding aborts the response, and the client sees a cut-off body.
 */
@FunctionalInterface
public interface StreamingBody {

    /**
     * Writes the whole body to {@code out}; the binding closes it afterwards.
     *
     * @param out the response's body stream
     * @throws IOException when writing fails (typically the client left)
     */
    void writeTo(OutputStream out) throws IOException;
}
