package org.trapstream.ingest;

import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import org.trapstream.common.auth.BearerAuthentication;
import org.trapstream.common.auth.Credential;
import org.trapstream.common.auth.Device;
import org.trapstream.common.auth.TokenVerifier;
import org.trapstream.common.contract.CameraId;

/**
 * Who may upload for the camera an upload names ({@code X-Camera-Id}): that camera's own credential, or a
 * gateway's whose patterns match it. Only those credentials are checked, so a token costs at most one slow hash
 * per gateway plus one, however many cameras there are; the price is that a camera's token sent for another
 * camera is answered 401 (not known for that camera) until it has been verified for its own, 403 after.
 */
final class UploadAuthentication implements BearerAuthentication.Policy<Device> {

    private final List<Credential<Device>> gateways;
    private final List<Credential<Device>> cameras;

    private UploadAuthentication(List<Credential<Device>> devices) {
        this.gateways = devices.stream().filter(c -> c.principal().gateway()).toList();
        this.cameras = devices.stream().filter(c -> !c.principal().gateway()).toList();
    }

    static BearerAuthentication<Device> handler(List<Credential<Device>> devices, TokenVerifier<Device> verifier,
                                                MeterRegistry registry) {
        return new BearerAuthentication<>(verifier, new UploadAuthentication(devices), registry, IngestRole.NAME);
    }

    @Override
    public List<Credential<Device>> candidates(RoutingContext ctx) {
        String cameraId = ctx.request().getHeader(ImageUploadRoutes.CAMERA_ID);
        return Stream.concat(
            cameras.stream().filter(c -> c.principal().name().equals(cameraId)), gateways.stream()).toList();
    }

    @Override
    public String refusal(RoutingContext ctx, Device device) {
        String cameraId = ctx.request().getHeader(ImageUploadRoutes.CAMERA_ID);
        if (!CameraId.isValid(cameraId)) {
            // Not a question of rights: validation dead-letters it with the reason, as for any bad upload.
            return null;
        }
        return device.mayUploadFor(cameraId) ? null : "may not upload for camera '" + cameraId + "'";
    }
}
