package dev.roster.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body with a size limit; shared by the bindings of {@link HttpRequest}. */
public final class Bodies {

    private Bodies() {
    }

    /** Opens a request's body stream; a container may answer {@code 100 Continue} when it is opened. */
    @FunctionalInterface
    public interface Opener {
        /**
         * Opens the body.
         *
         * @return the body stream; the caller closes it
         * @throws IOException when the connection fails
         */
        InputStream open() throws IOException;
    }

    /**
     * Reads a body to its end, refusing early when the declared length or the bytes read go over
     * {@code maxBytes}. A body refused by its declared length is never opened, so a client that
     * sent {@code Expect: 100-continue} gets the refusal instead of a go-ahead. A body that goes over
     * the limit while it is read is read on and discarded, up to {@code maxBytes} more: closing a
     * connection with request bytes unread resets it, and a client still sending then never sees
     * the refusal.
     *
     * @param declaredLength the Content-Length, or -1 when unknown
     * @param maxBytes       the most bytes accepted
     * @param body           opens the body stream
     * @return the body, empty when there is none
     * @throws PayloadTooLargeException when the body is longer than {@code maxBytes}
     * @throws IOException              when the connection fails
     */
    public static byte[] read(long declaredLength, int maxBytes, Opener body) throws IOException {
        if (declaredLength > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 256);
        byte[] buffer = new byte[8192];
        int total = 0;
        try (InputStream in = body.open()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    discard(in, buffer, maxBytes);
                    throw new PayloadTooLargeException(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static void discard(InputStream in, byte[] buffer, long most) throws IOException {
        long left = most;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
            left -= n;
        }
    }
}
