package dev.roster.core.spi;

/**
 * What one webhook POST came to.
 *
 * @param status the HTTP status received, or 0 when none came
 * @param error  why none came (a timeout, a refused connection, a refused address), or null
 */
public record WebhookReply(int status, String error) {

    /**
     * A reply with an HTTP status.
     *
     * @param status the status
     * @return the reply
     */
    public static WebhookReply status(int status) {
        return new WebhookReply(status, null);
    }

    /**
     * No reply.
     *
     * @param error why
     * @return the reply
     */
    public static WebhookReply failed(String error) {
        return new WebhookReply(0, error);
    }
}
