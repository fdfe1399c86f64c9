package org.trapstream.common.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.metrics.Metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.Eventually.eventually;

/**
 * The HTTP server's own defences, through a real server and plain sockets: clients that trickle a request or hold
 * connections open are cut off, and connections beyond the cap are closed as they open.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionGuardTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** What the test route answers: the length of the body it read. */
    private static final String ECHO = "/echo";
    /** A trickle: one byte per pause, never a gap the idle timeout would notice. */
    private static final long TRICKLE_PAUSE_MS = 100;

    private final PrometheusMeterRegistry registry = Metrics.newRegistry();
    private Vertx vertx;
    private int port;

    private void start(Map<String, String> settings) throws Exception {
        vertx = Vertx.vertx();
        HttpRoutes echo = router -> router.post(ECHO).handler(BodyHandler.create())
            .handler(ctx -> ctx.response().end(String.valueOf(ctx.body().length())));
        TrapstreamConfig config = TrapstreamConfig.of(HttpSettings.DEFINITION, withFreePort(settings));
        HttpServerVerticle server = new HttpServerVerticle(config, registry, new Health(), List.of(echo));
        await(vertx.deployVerticle(server));
        port = server.actualPort();
    }

    private static Map<String, String> withFreePort(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(HttpSettings.HTTP_PORT, "0");
        return all;
    }

    @AfterEach
    void stopServer() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
    }

    @Test
    void aBodyThatTricklesIsAnswered408AndCutOff() throws Exception {
        start(Map.of(HttpSettings.HTTP_REQUEST_TIMEOUT, "1s"));
        int declared = 2000;
        try (RawConnection client = RawConnection.open(port)) {
            client.send("POST " + ECHO + " HTTP/1.1\r\nHost: test\r\nContent-Length: " + declared + "\r\n\r\n");
            while (client.sent() < declared && !client.closed() && client.send("x")) {
                Thread.sleep(TRICKLE_PAUSE_MS);
            }

            String answer = client.awaitClosed(PATIENCE);

            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("request_timeout"), answer);
            assertTrue(client.sent() < declared, "cut off before the body was all sent");
        }
        assertEquals(1, counter("camtrap.http.requests.timed.out"));
    }

    @Test
    void headersThatTrickleAreCutOff() throws Exception {
        start(Map.of(HttpSettings.HTTP_REQUEST_TIMEOUT, "1s"));
        String headers = "X-Padding: " + "a".repeat(2000);
        try (RawConnection client = RawConnection.open(port)) {
            client.send("GET /health/live HTTP/1.1\r\nHost: test\r\n");
            for (int i = 0; i < headers.length() && !client.closed() && client.send(headers.substring(i, i + 1)); i++) {
                Thread.sleep(TRICKLE_PAUSE_MS);
            }

            assertEquals("", client.awaitClosed(PATIENCE), "no request began, so nothing is answered");
        }
        assertEquals(1, counter("camtrap.http.requests.timed.out"));
    }

    @Test
    void aKeptAliveConnectionMustSendItsNextRequestInTime() throws Exception {
        start(Map.of(HttpSettings.HTTP_REQUEST_TIMEOUT, "1s"));
        try (RawConnection client = RawConnection.open(port)) {
            client.send("POST " + ECHO + " HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc");

            String answer = client.awaitClosed(PATIENCE);

            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("\r\n\r\n3"), "the whole body was read: " + answer);
        }
        assertEquals(1, counter("camtrap.http.requests.timed.out"));
    }

    @Test
    void aSilentConnectionIsClosedWhenIdle() throws Exception {
        start(Map.of(HttpSettings.HTTP_IDLE_TIMEOUT, "1s"));
        try (RawConnection client = RawConnection.open(port)) {
            assertEquals("", client.awaitClosed(PATIENCE));
        }
        assertEquals(0, counter("camtrap.http.requests.timed.out"), "the idle timeout, not the request deadline");
    }

    @Test
    void connectionsBeyondTheCapAreClosedAsTheyOpen() throws Exception {
        start(Map.of(HttpSettings.HTTP_MAX_CONNECTIONS, "2"));
        RawConnection first = RawConnection.open(port);
        try (RawConnection second = RawConnection.open(port)) {
            for (RawConnection held : List.of(first, second)) {
                held.send("GET /health/live HTTP/1.1\r\nHost: test\r\n\r\n");
                eventually(PATIENCE, () -> assertTrue(held.received().startsWith("HTTP/1.1 200"), held.received()));
            }

            try (RawConnection third = RawConnection.open(port)) {
                third.send("GET /health/live HTTP/1.1\r\nHost: test\r\n\r\n");
                assertEquals("", third.awaitClosed(PATIENCE));
            }
            assertEquals(1, counter("camtrap.http.connections.refused"));
            assertTrue(registry.scrape().contains("camtrap_http_connections_open 2.0"), "two held open");

            first.close();
            eventually(PATIENCE, () -> {
                try (RawConnection fourth = RawConnection.open(port)) {
                    fourth.send("GET /health/live HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
                    String answer = fourth.awaitClosed(PATIENCE);
                    assertTrue(answer.startsWith("HTTP/1.1 200"), "a slot freed: " + answer);
                }
            });
        }
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
