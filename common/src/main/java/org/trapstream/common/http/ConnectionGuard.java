package org.trapstream.common.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.trapstream.common.metrics.Metrics;

/**
 * Keeps clients from holding an HTTP/1.1 server's connections: at most {@code maxConnections} are open (one more is
 * closed as it opens), and each request, headers and body, must have arrived within {@code requestTimeout} of its
 * connection's opening or of the previous answer on it. A request still arriving then (a client that trickles) is
 * answered 408 and its connection closed; a connection that sent no request by then is closed. The idle timeout,
 * which the server options carry, cannot catch a trickle: every byte resets it.
 *
 * <p>Called only on the server's event loop, so its state needs no locks.
 */
final class ConnectionGuard {

    private final Vertx vertx;
    private final int maxConnections;
    private final long timeoutMillis;
    /** Open connections and the timer of each one's deadline (null once it fired on a request that had arrived). */
    private final Map<HttpConnection, Long> deadlines = new HashMap<>();
    private final Counter refused;
    private final Counter timedOut;

    ConnectionGuard(Vertx vertx, int maxConnections, Duration requestTimeout, MeterRegistry registry) {
        this.vertx = vertx;
        this.maxConnections = maxConnections;
        this.timeoutMillis = requestTimeout.toMillis();
        this.refused = Metrics.counter(registry, "camtrap.http.connections.refused",
            "Connections closed as they opened because the server held its maximum");
        this.timedOut = Metrics.counter(registry, "camtrap.http.requests.timed.out",
            "Connections closed because a request did not arrive in time (trickled or never sent)");
        Gauge.builder("camtrap.http.connections.open", deadlines, Map::size)
            .description("Open HTTP connections")
            .register(registry);
    }

    void opened(HttpConnection connection) {
        if (deadlines.size() >= maxConnections) {
            refused.increment();
            connection.close();
            return;
        }
        deadlines.put(connection, null);
        connection.closeHandler(v -> cancel(deadlines.remove(connection)));
        awaitRequest(connection);
    }

    /** A request's headers arrived: the rest of it must arrive by the deadline. */
    void requestBegun(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        rearm(connection, id -> {
            deadlines.replace(connection, null);
            if (!request.isEnded()) {
                timedOut.increment();
                answerAndClose(request, connection);
            }
        });
    }

    /** The answer to a request is out: the next request must arrive by the deadline. */
    void answered(HttpConnection connection) {
        awaitRequest(connection);
    }

    private void awaitRequest(HttpConnection connection) {
        rearm(connection, id -> {
            deadlines.replace(connection, null);
            timedOut.increment();
            connection.close();
        });
    }

    private void rearm(HttpConnection connection, io.vertx.core.Handler<Long> onDeadline) {
        if (!deadlines.containsKey(connection)) {
            return; // closed already
        }
        cancel(deadlines.put(connection, vertx.setTimer(timeoutMillis, onDeadline)));
    }

    private void cancel(Long timer) {
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private static void answerAndClose(HttpServerRequest request, HttpConnection connection) {
        HttpServerResponse response = request.response();
        if (response.headWritten()) {
            connection.close();
            return;
        }
        response.setStatusCode(408)
            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
            .putHeader(HttpHeaders.CONNECTION, "close")
            .end(Problem.of(408, "request_timeout", "the request did not arrive in time", request.path()).encode())
            .onComplete(v -> connection.close());
    }
}
