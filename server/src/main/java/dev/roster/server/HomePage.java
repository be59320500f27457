package dev.roster.server;

import dev.roster.http.HttpRequest;
import dev.roster.http.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /}: a small HTML page naming the server's version and its kind of store (never the
 * store's URL, which may hold a password), with links to the OpenAPI document, the health
 * report, the meters and the documentation. Links are relative, so they also work behind a proxy
 * that serves the server under a path.
 */
final class HomePage {

    static final String PATH = "/";

    /** Where the REST API and the server are documented. */
    static final String DOCS = "https://github.com/roster-dev/roster/blob/main/adapters-http/README.md";

    /** The OpenAPI operation of {@code GET /}. */
    static final String OPERATION = """
            {"summary": "This server's home page",
             "description": "A small HTML page: the server's version, its kind of store, and links to /openapi.json, /health, /metrics and the documentation.",
             "operationId": "home",
             "responses": {"200": {"description": "The page.",
               "content": {"text/html": {"schema": {"type": "string"}}}}}}
            """;

    private final byte[] page;

    /**
     * The page of a server of this version over this store.
     *
     * @param version the server's version
     * @param store   the store's URL; only its kind is shown
     * @param metrics whether the server serves {@code /metrics}
     */
    HomePage(String version, String store, boolean metrics) {
        StringBuilder links = new StringBuilder()
                .append(link("openapi.json", "/openapi.json", "the OpenAPI document of every route"))
                .append(link("health", "/health", "whether the store answers"));
        if (metrics) {
            links.append(link("metrics", "/metrics", "meters in Prometheus text format"));
        }
        links.append(link("roster-client.js", "/roster-client.js", "the browser client"))
                .append(link(DOCS, "Documentation", "the REST API, the browser API and the server's options"));
        String html = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Roster</title>
                <style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}\
                code{background:#f2f2f2;padding:0 .25em}dt{font-weight:600}</style>
                </head>
                <body>
                <h1>Roster</h1>
                <p>A self-hosted user directory with the TalkJS REST API.</p>
                <dl>
                <dt>Version</dt><dd>%s</dd>
                <dt>Store</dt><dd><code>%s</code></dd>
                </dl>
                <ul>
                %s</ul>
                </body>
                </html>
                """.formatted(escape(version), escape(storeKind(store)), links);
        this.page = html.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The kind of store a URL names, without anything that may be secret: {@code jdbc:postgresql}
     * for {@code jdbc:postgresql://db/app?password=…}, {@code mongodb} for {@code mongodb://…},
     * {@code memory} for {@code memory:}.
     */
    static String storeKind(String url) {
        String[] parts = url.split(":", 3);
        return parts[0].equals("jdbc") && parts.length > 1 ? "jdbc:" + parts[1] : parts[0];
    }

    /** Answers {@code GET /}. */
    HttpResponse answer(HttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        headers.put("Cache-Control", "no-cache");
        headers.put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        headers.put("X-Content-Type-Options", "nosniff");
        return new HttpResponse(200, headers, page);
    }

    private static String link(String href, String text, String what) {
        return "<li><a href=\"" + escape(href) + "\">" + escape(text) + "</a>: " + escape(what) + "</li>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
