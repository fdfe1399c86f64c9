package org.trapstream.launcher;

import java.nio.file.Path;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pretend camera for {@code trapstream run}: posts images to the ingest endpoint at a steady rate, the way
 * a field camera or gateway would, cycling through its images forever. After the first cycle ingest reports
 * every image as a duplicate, which is the point of de-duplication.
 */
final class DemoCamera extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCamera.class);
    /** A camera that cannot deliver drops frames rather than queueing them without bound. */
    private static final int MAX_IN_FLIGHT = 4;
    private static final int REPORT_EVERY = 100;

    private final List<Path> images;
    private final String host;
    private final int port;
    private final double imagesPerSecond;
    private final String cameraId;
    /** The camera's credential, as a field camera holds its own; null when it has none, which ingest refuses. */
    private final String token;

    private HttpClient client;
    private long timerId;
    private int next;
    private int inFlight;
    private boolean stopping;
    private long accepted;
    private long duplicates;
    private long failed;

    DemoCamera(List<Path> images, String host, int port, double imagesPerSecond, String cameraId, String token) {
        if (images.isEmpty() || imagesPerSecond <= 0) {
            throw new IllegalArgumentException("A demo camera needs images and a positive rate");
        }
        this.images = List.copyOf(images);
        this.host = host;
        this.port = port;
        this.imagesPerSecond = imagesPerSecond;
        this.cameraId = cameraId;
        this.token = token;
    }

    @Override
    public Future<?> start() {
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port));
        long periodMillis = Math.max(1, Math.round(1000 / imagesPerSecond));
        timerId = vertx.setPeriodic(periodMillis, periodMillis, id -> sendNext());
        LOG.info("Demo camera {} sends {} images/s from {} images", cameraId, imagesPerSecond, images.size());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopping = true; // requests cut off by the shutdown are not the camera's failures
        vertx.cancelTimer(timerId);
        return client.close();
    }

    private void sendNext() {
        if (inFlight >= MAX_IN_FLIGHT) {
            return;
        }
        Path image = images.get(next);
        next = (next + 1) % images.size();
        inFlight++;
        // readFile runs on Vert.x's internal blocking pool, not on this event loop.
        vertx.fileSystem().readFile(image.toString())
            .compose(bytes -> post(image, bytes))
            .onComplete(status -> {
                inFlight--;
                record(image, status.succeeded() ? status.result() : -1, status.cause());
            });
    }

    private Future<Integer> post(Path image, Buffer bytes) {
        return client.request(HttpMethod.POST, "/api/v1/images")
            .compose(request -> request
                .putHeader("X-Camera-Id", cameraId)
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", DemoImages.contentType(image))
                .send(bytes))
            .compose(response -> response.body().map(body -> response.statusCode()));
    }

    private void record(Path image, int status, Throwable failure) {
        if (stopping) {
            return;
        }
        if (status == 202) {
            accepted++;
        } else if (status == 200) {
            duplicates++;
        } else {
            failed++;
            if (failed == 1) {
                LOG.warn("Demo camera: {} was not accepted ({})", image.getFileName(),
                    failure != null ? failure.toString() : "HTTP " + status);
            }
        }
        long sent = accepted + duplicates + failed;
        if (sent % REPORT_EVERY == 0) {
            LOG.info("Demo camera {}: {} images sent, {} accepted, {} duplicates, {} failed",
                cameraId, sent, accepted, duplicates, failed);
        }
    }
}
