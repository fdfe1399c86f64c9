package org.trapstream.launcher;

import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.TrapstreamConfig;

/** Where a local client (the demo camera, the banner's links) reaches this process's HTTP server. */
final class LocalAddress {

    /** The configured bind address, except that a wildcard bind is reached over loopback. */
    static String host(TrapstreamConfig config) {
        String host = config.getString(HttpSettings.HTTP_HOST);
        return host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
    }

    static String url(TrapstreamConfig config, int port) {
        String host = host(config);
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private LocalAddress() {
    }
}
