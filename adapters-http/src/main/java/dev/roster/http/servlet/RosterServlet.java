package dev.roster.http.servlet;

import dev.roster.http.Bodies;
import dev.roster.http.HttpRequest;
import dev.roster.http.HttpResponse;
import dev.roster.http.RestApi;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Serves a {@link RestApi} as a servlet. Mount it at {@code /*} or under a prefix such as
 * {@code /talkjs/*}; paths below the mount point are the API's ({@code /v1/{appId}/…}). The caller
 * builds and closes the {@link dev.roster.core.api.Roster} behind the API.
 */
public final class RosterServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient RestApi api;

    /** A servlet answering with {@code api}. */
    public RosterServlet(RestApi api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpResponse answer = api.handle(new ServletRequestView(request));
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentLength(answer.body().length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(answer.body());
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
            return Bodies.read(request.getInputStream(), request.getContentLengthLong(), maxBytes);
        }
    }
}
