package dev.roster.http.server;

import dev.roster.http.Bodies;
import dev.roster.http.EventSink;
import dev.roster.http.EventStream;
import dev.roster.http.HttpRequest;
import dev.roster.http.HttpResponse;
import dev.roster.http.RestApi;
import dev.roster.http.StreamingBody;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Serves a {@link RestApi} as a Jetty 12 core handler, without the servlet layer (which costs
 * about 40% of the throughput). The request's whole path is the API's path. Event streams are
 * written asynchronously and held open until the client leaves or the API closes. Set the
 * connector's {@link org.eclipse.jetty.server.HttpConfiguration#setUriCompliance URI compliance}
 * to {@link #URI_COMPLIANCE}, or ids holding an encoded {@code /} answer 400.
 */
public final class RosterHandler extends Handler.Abstract {

    /**
     * Jetty's default URI compliance plus the encodings that user and conversation ids need: a
     * {@code /}, {@code %}, {@code .} or {@code \} sent percent-encoded inside one path segment.
     * Roster decodes each segment itself and never maps a path to a file, so none of them can
     * reach outside the route it names.
     */
    public static final UriCompliance URI_COMPLIANCE = UriCompliance.DEFAULT.with("roster-ids",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
            UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS);

    private final RestApi api;

    /**
     * A handler answering with {@code api}.
     *
     * @param api the API to serve; the caller closes it
     */
    public RosterHandler(RestApi api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        JettyRequestView view = new JettyRequestView(request);
        HttpResponse answer = api.handle(view);
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        if (answer.stream() != null) {
            JettySink sink = new JettySink(response, callback, answer.stream());
            request.addFailureListener(sink::fail);
            sink.start();
            return true;
        }
        if (answer.streaming() != null) {
            writeStreamed(response, callback, answer.streaming());
            return true;
        }
        // An unread body cannot be skipped safely; closing tells the client not to reuse the connection.
        if (!view.bodyRead && hasBody(request) || answer.status() == 413) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.getHeaders().put("Content-Length", Integer.toString(answer.body().length));
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
    }

    /**
     * Writes a streamed body with blocking writes on the request's thread (this handler is a
     * blocking one), so a slow client holds the writer back instead of queueing the body. A failure
     * aborts the response.
     */
    private static void writeStreamed(Response response, Callback callback, StreamingBody body) {
        OutputStream out = Content.Sink.asOutputStream(response);
        try {
            body.writeTo(out);
            // Closing writes the last chunk; after a failure it must not, so the response ends aborted.
            out.close();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    /**
     * Writes an event stream without blocking: texts queue up while a write is in flight and go
     * out together when it completes. A failed write (the client left) ends the stream.
     */
    private static final class JettySink implements EventSink {
        private final Response response;
        private final Callback callback;
        private final EventStream stream;
        private final StringBuilder queued = new StringBuilder();
        private boolean writing;
        private boolean closing;
        private boolean done;

        JettySink(Response response, Callback callback, EventStream stream) {
            this.response = response;
            this.callback = callback;
            this.stream = stream;
        }

        void start() {
            synchronized (this) {
                writing = true;
            }
            // Sends the headers at once, so the client sees the stream open before any event.
            response.write(false, ByteBuffer.allocate(0), Callback.from(this::written, this::fail));
            try {
                stream.open(this);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        @Override
        public boolean write(String text) {
            synchronized (this) {
                if (done || closing) {
                    return false;
                }
                queued.append(text);
                if (writing) {
                    return true;
                }
                writing = true;
            }
            written();
            return true;
        }

        private void written() {
            String next;
            boolean last;
            synchronized (this) {
                if (done) {
                    return;
                }
                if (queued.length() == 0) {
                    writing = false;
                    if (!closing) {
                        return;
                    }
                    done = true;
                    last = true;
                    next = "";
                } else {
                    next = queued.toString();
                    queued.setLength(0);
                    last = false;
                }
            }
            ByteBuffer bytes = ByteBuffer.wrap(next.getBytes(StandardCharsets.UTF_8));
            if (last) {
                response.write(true, bytes, callback);
            } else {
                response.write(false, bytes, Callback.from(this::written, this::fail));
            }
        }

        void fail(Throwable failure) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            stream.close();
            callback.failed(failure);
        }

        @Override
        public void close() {
            synchronized (this) {
                if (done || closing) {
                    return;
                }
                closing = true;
                if (writing) {
                    return;
                }
                writing = true;
            }
            written();
            stream.close();
        }
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private static final class JettyRequestView implements HttpRequest {
        private final Request request;
        private boolean bodyRead;

        JettyRequestView(Request request) {
            this.request = request;
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String rawPath() {
            String path = request.getHttpURI().getPath();
            return path == null || path.isEmpty() ? "/" : path;
        }

        @Override
        public String rawQuery() {
            return request.getHttpURI().getQuery();
        }

        @Override
        public String header(String name) {
            return request.getHeaders().get(name);
        }

        @Override
        public byte[] body(int maxBytes) throws IOException {
            bodyRead = true;
            return Bodies.read(request.getLength(), maxBytes, () -> Request.asInputStream(request));
        }
    }
}
