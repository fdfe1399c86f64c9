package org.trapstream.common.config;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.STRING;
import static org.trapstream.common.config.ConfigDef.Validator.between;

/** The keys of the one HTTP server a serving process runs ({@code /health}, {@code /metrics} and the roles' APIs). */
public final class HttpSettings {

    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";

    public static final ConfigDef DEFINITION = new ConfigDef("http")
        .define(HTTP_HOST, STRING, "127.0.0.1", MEDIUM, "Address the HTTP server binds to.")
        .define(HTTP_PORT, INT, "8080", between(0, 65535), HIGH, "Port of the HTTP server (0 picks a free port).");

    private HttpSettings() {
    }
}
