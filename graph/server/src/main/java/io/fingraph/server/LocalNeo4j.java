package io.fingraph.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with the Bolt connector, for fingraph's local graph.
 *
 * <p>Configuration comes from system properties so that the Python launcher controls it:
 * {@code fingraph.home} (data folder), {@code fingraph.bolt.host}, {@code fingraph.bolt.port},
 * {@code fingraph.pagecache} (a size such as {@code 1g}). The password of the {@code neo4j}
 * user comes from the {@code NEO4J_PASSWORD} environment variable, never from the command line,
 * so that it does not show in the process list.
 */
public final class LocalNeo4j {

    private static final String DEFAULT_PASSWORD = "fingraph-local";
    private static final String NEO4J_VERSION = "5.26";

    private LocalNeo4j() {}

    /** Returns the plugins folder next to the server jar, where Maven copies APOC Core. */
    private static Path pluginDir() {
        try {
            Path jar = Path.of(LocalNeo4j.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().resolve("plugins");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("failed to locate the server jar, so its plugins folder is unknown", e);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(System.getProperty("fingraph.home", ".data/neo4j")).toAbsolutePath();
        String host = System.getProperty("fingraph.bolt.host", "127.0.0.1");
        int port = Integer.parseInt(System.getProperty("fingraph.bolt.port", "7687"));
        // 0 leaves the Neo4j Browser off, as the tests do.
        int httpPort = Integer.parseInt(System.getProperty("fingraph.http.port", "7474"));
        long pageCache = parseSize(System.getProperty("fingraph.pagecache", "2g"));
        String password = System.getenv().getOrDefault("NEO4J_PASSWORD", DEFAULT_PASSWORD);

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                .setConfig(GraphDatabaseSettings.plugin_dir, pluginDir())
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        // The JVM runs shutdown hooks on SIGTERM and SIGINT, so `kill` closes the store cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("fingraph-neo4j: shutting down");
            service.shutdown();
            stopped.countDown();
        }, "fingraph-neo4j-shutdown"));

        try {
            setPassword(service, password);
        } catch (RuntimeException e) {
            // Without this exit the database threads would keep the JVM alive with no usable login.
            e.printStackTrace();
            System.exit(1);
        }
        if (httpPort > 0) {
            try {
                BrowserServer browser = BrowserServer.start(host, httpPort, host, port, NEO4J_VERSION);
                Runtime.getRuntime().addShutdownHook(new Thread(browser::stop, "fingraph-browser-shutdown"));
                System.out.printf("fingraph-neo4j: Neo4j Browser on http://%s:%d/browser/%n", host, httpPort);
            } catch (java.io.IOException e) {
                // The graph works without the Browser, so a taken port is reported, not fatal.
                System.out.printf("fingraph-neo4j: Neo4j Browser not started on port %d: %s%n", httpPort, e);
            }
        }
        System.out.printf("fingraph-neo4j: ready on bolt://%s:%d with data in %s%n", host, port, home);
        System.out.flush();
        stopped.await();
    }

    /** Sets the neo4j user's password on every start, so that a changed NEO4J_PASSWORD takes effect. */
    private static void setPassword(DatabaseManagementService service, String password) {
        try {
            service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            // Neo4j rejects setting the password it already has, which is the usual case on a restart.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static long parseSize(String text) {
        String value = text.trim().toLowerCase();
        char unit = value.charAt(value.length() - 1);
        if (Character.isDigit(unit)) {
            return Long.parseLong(value);
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (unit) {
            case 'k' -> ByteUnit.kibiBytes(amount);
            case 'm' -> ByteUnit.mebiBytes(amount);
            case 'g' -> ByteUnit.gibiBytes(amount);
            default -> throw new IllegalArgumentException(
                    "invalid fingraph.pagecache size '" + text + "': use a number with k, m or g, such as 1g");
        };
    }
}
