package org.trapstream.common.http;

import io.vertx.ext.web.Router;

/** What a role serves over HTTP; the server mounts each role's routes on one router. */
@FunctionalInterface
public interface HttpRoutes {
    void mount(Router router);
}
