package dev.roster.http.servlet;

import dev.roster.http.Bodies;
import dev.roster.http.EventSink;
import dev.roster.http.EventStream;
import dev.roster.http.HttpRequest;
import dev.roster.http.HttpResponse;
import dev.roster.http.RestApi;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Serves a {@link RestApi} as a servlet. Mount it at {@code /*} or under a prefix such as
 * {@code /talkjs/*}; paths below the mount point are the API's ({@code /v1/{appId}/…}). The caller
 * builds and closes the {@link dev.roster.core.api.Roster} behind the API. Event streams of the
 * browser API need the servlet registered with {@code asyncSupported = true}; without it they
 * answer 501.
 */
public final class RosterServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient RestApi api;

    /**
     * A servlet answering with {@code api}.
     *
     * @param api the API to serve; the caller closes it
     */
    public RosterServlet(RestApi api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpResponse answer = api.handle(new ServletRequestView(request));
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (answer.status() == 413) {
            // The refused body is still on its way or was never sent; the connection cannot be reused.
            response.setHeader("Connection", "close");
        }
        if (answer.stream() != null) {
            stream(request, response, answer.stream());
            return;
        }
        if (answer.streaming() != null) {
            // Closed only when whole: a failure leaves as an exception, and the container aborts the response.
            OutputStream out = response.getOutputStream();
            answer.streaming().writeTo(out);
            out.close();
            return;
        }
        response.setContentLength(answer.body().length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(answer.body());
        }
    }

    private static void stream(HttpServletRequest request, HttpServletResponse response, EventStream stream)
            throws IOException {
        if (!request.isAsyncSupported()) {
            stream.close();
            response.reset();
            response.setStatus(501);
            response.setContentType("application/json; charset=utf-8");
            response.getOutputStream().write(("{\"errorCode\": \"NOT_IMPLEMENTED\", \"message\": \"Event streams need "
                    + "asynchronous support: register RosterServlet with asyncSupported = true.\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        ServletSink sink = new ServletSink(async, response.getOutputStream(), stream);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                stream.close();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                sink.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                sink.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // Nothing to do: the stream was opened with the first dispatch.
            }
        });
        response.flushBuffer();
        try {
            stream.open(sink);
        } catch (RuntimeException e) {
            sink.close();
        }
    }

    /**
     * Writes an event stream with blocking writes, one at a time (events are small and come from
     * Roster's threads, never from a container thread).
     */
    private static final class ServletSink implements EventSink {
        private final AsyncContext async;
        private final OutputStream out;
        private final EventStream stream;
        private boolean done;

        ServletSink(AsyncContext async, OutputStream out, EventStream stream) {
            this.async = async;
            this.out = out;
            this.stream = stream;
        }

        @Override
        public boolean write(String text) {
            synchronized (this) {
                if (done) {
                    return false;
                }
                try {
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return true;
                } catch (IOException e) {
                    done = true;
                }
            }
            stream.close();
            async.complete();
            return false;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            stream.close();
            async.complete();
        }
    }

    private static final class ServletRequestView implements HttpRequest {
        private final HttpServletRequest request;

        ServletRequestView(HttpServletRequest request) {
            this.request = request;
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String rawPath() {
            // The request URI is still encoded; the context and servlet paths are its prefix.
            String uri = request.getRequestURI();
            int skip = request.getContextPath().length() + request.getServletPath().length();
            String below = skip <= uri.length() ? uri.substring(skip) : "";
            return below.isEmpty() ? "/" : below;
        }

        @Override
        public String rawQuery() {
            return request.getQueryString();
        }

        @Override
        public String header(String name) {
            return request.getHeader(name);
        }

        @Override
        public byte[] body(int maxBytes) throws IOException {
            return Bodies.read(request.getContentLengthLong(), maxBytes, request::getInputStream);
        }
    }
}
