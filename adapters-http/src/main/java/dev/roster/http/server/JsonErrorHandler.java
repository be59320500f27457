package dev.roster.http.server;

import dev.roster.http.internal.ApiError;
import dev.roster.http.internal.Dispatch;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Answers the errors Jetty raises before the API sees a request (a malformed URI, headers too
 * large) in the API's one JSON error shape instead of an HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        String text = message instanceof String s && !s.isEmpty() ? s : HttpStatus.getMessage(status);
        byte[] body = Dispatch.error(ApiError.ofStatus(status, text)).body();
        response.getHeaders().put("Content-Type", "application/json; charset=utf-8");
        response.getHeaders().put("Content-Length", Integer.toString(body.length));
        // The request's body was never read, so the connection cannot be reused.
        response.getHeaders().put("Connection", "close");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
