package io.fingraph.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the Neo4j Browser (the static web app in the org.neo4j.client:neo4j-browser jar) over HTTP.
 *
 * <p>The Browser talks to the database over Bolt through a WebSocket, which the Bolt connector
 * accepts on its own port, so this server only hands out files and the discovery document that
 * tells the Browser where Bolt listens.
 */
final class BrowserServer {

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("map", "application/json"));

    private final HttpServer server;

    private BrowserServer(HttpServer server) {
        this.server = server;
    }

    static BrowserServer start(String host, int port, String boltHost, int boltPort, String version)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        String discovery = String.format(
                "{\"bolt_direct\":\"bolt://%s:%d\",\"bolt_routing\":\"neo4j://%s:%d\","
                        + "\"neo4j_version\":\"%s\",\"neo4j_edition\":\"community\"}",
                boltHost, boltPort, boltHost, boltPort, version);
        server.createContext("/", exchange -> handle(exchange, discovery));
        server.start();
        return new BrowserServer(server);
    }

    void stop() {
        server.stop(0);
    }

    private static void handle(HttpExchange exchange, String discovery) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "only GET and HEAD are served".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/")) {
                String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
                if (accept.contains("application/json")) {
                    send(exchange, 200, "application/json", discovery.getBytes(StandardCharsets.UTF_8));
                } else {
                    exchange.getResponseHeaders().set("Location", "/browser/");
                    exchange.sendResponseHeaders(302, -1);
                }
            } else if (path.startsWith("/browser")) {
                serveResource(exchange, path);
            } else {
                send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void serveResource(HttpExchange exchange, String path) throws IOException {
        String name = path.endsWith("/") ? path + "index.html" : path.equals("/browser") ? "/browser/index.html" : path;
        // The class loader resolves no "..", but a path that contains it is refused outright.
        if (name.contains("..")) {
            send(exchange, 400, "text/plain", "invalid path".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream resource = BrowserServer.class.getResourceAsStream(name)) {
            if (resource == null) {
                send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            send(exchange, 200, CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"),
                    resource.readAllBytes());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
