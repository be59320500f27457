package dev.roster.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body with a size limit; shared by the bindings of {@link HttpRequest}. */
public final class Bodies {

    private Bodies() {
    }

    /**
     * Reads {@code in} to its end, refusing early when the declared length or the bytes read go
     * over {@code maxBytes}.
     *
     * @param declaredLength the Content-Length, or -1 when unknown
     * @throws PayloadTooLargeException when the body is longer than {@code maxBytes}
     */
    public static byte[] read(InputStream in, long declaredLength, int maxBytes) throws IOException {
        if (declaredLength > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 256);
        byte[] buffer = new byte[8192];
        int total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > maxBytes) {
                throw new PayloadTooLargeException(maxBytes);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
