package org.trapstream.dashboard;

import io.vertx.ext.web.Router;
import org.trapstream.common.auth.AccessGuard;
import org.trapstream.common.auth.AccessRole;
import org.trapstream.common.http.HttpRoutes;

/** {@code GET /api/v1/cameras}: every tracked camera's health, for viewers and above (the cameras page reads it). */
record CameraRoutes(AccessGuard guard, CameraTracker cameras) implements HttpRoutes {

    @Override
    public void mount(Router router) {
        router.get("/api/v1/cameras").handler(guard.atLeast(AccessRole.VIEWER))
            .handler(ctx -> JsonResponses.send(ctx, 200, cameras.toJson()));
    }
}
