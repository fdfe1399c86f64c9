package org.trapstream.common.config;

import java.time.Duration;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.DURATION;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.STRING;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;
import static org.trapstream.common.config.ConfigDef.Validator.between;

/**
 * The keys of a serving process's HTTP servers: the one for {@code /health} and the roles' APIs, and the one for
 * {@code /metrics} alone, on a port of its own so that scraping needs no door into the API and the API none into
 * the metrics.
 */
public final class HttpSettings {

    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_MAX_CONNECTIONS = "http.max.connections";
    public static final String HTTP_REQUEST_TIMEOUT = "http.request.timeout";
    public static final String HTTP_IDLE_TIMEOUT = "http.idle.timeout";
    public static final String METRICS_PORT = "metrics.port";

    public static final ConfigDef DEFINITION = new ConfigDef("http")
        .define(HTTP_HOST, STRING, "127.0.0.1", MEDIUM, "Address the HTTP server binds to.")
        .define(HTTP_PORT, INT, "8080", between(0, 65535), HIGH, "Port of the HTTP server (0 picks a free port).")
        .define(HTTP_MAX_CONNECTIONS, INT, "512", atLeast(1), MEDIUM,
            "Open connections the HTTP server holds; one more is closed as soon as it opens "
                + "(`camtrap_http_connections_refused_total`).")
        .define(HTTP_REQUEST_TIMEOUT, DURATION, "120s", atLeast(Duration.ofSeconds(1)), MEDIUM,
            "Time a connection has to deliver a whole request, headers and body, from its opening or the previous "
                + "answer; a request still arriving then is answered 408 and its connection closed, as is a "
                + "connection that sent no request (`camtrap_http_requests_timed_out_total`). It must fit the "
                + "largest image over the slowest camera link.")
        .define(HTTP_IDLE_TIMEOUT, DURATION, "180s", atLeast(Duration.ofSeconds(1)), LOW,
            "A connection on which nothing was read or written for this long is closed. Longer than Kafka's "
                + "delivery timeout (120 s), so an upload waiting for Kafka is answered rather than dropped.")
        .define(METRICS_PORT, INT, "9404", between(0, 65535), HIGH,
            "Port of the HTTP server that answers `GET /metrics` (Prometheus text) and nothing else, on `http.host` "
                + "(0 picks a free port). It must differ from `http.port`.");

    private HttpSettings() {
    }
}
