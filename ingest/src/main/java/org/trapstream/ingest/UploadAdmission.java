package org.trapstream.ingest;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.CameraId;
import org.trapstream.common.contract.EnumCodes;
import org.trapstream.common.http.KeyedRateLimiter;

/**
 * Decides whether an upload is received at all, before a byte of its body is read: at most {@code maxUploads} are
 * received or processed at once (one more is shed as overloaded, 503), and each camera keeps to its rate (beyond it,
 * 429). An admitted upload holds its place until {@link #release()}. Cameras are told apart by the id they declare;
 * ids that could never be valid share one bucket, so inventing them buys nothing.
 */
final class UploadAdmission {

    /** Why an upload was shed, with the status it is answered. */
    enum Shed {
        OVERLOADED(503),
        RATE_LIMITED(429);

        private final int httpStatus;

        Shed(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        String code() {
            return EnumCodes.of(this);
        }

        int httpStatus() {
            return httpStatus;
        }
    }

    /** An upload not admitted, and when its sender may try again. */
    record Refusal(Shed reason, long retryAfterSeconds) {
    }

    /** What ingest tells a camera to wait when it cannot take an upload now: long enough for a few to finish. */
    static final long RETRY_AFTER_SECONDS = 5;
    private static final String INVALID_CAMERA = "";

    private final int maxUploads;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Pacing pacing;

    /** The per-camera and the per-credential buckets, each null when its limit is off. */
    record Pacing(KeyedRateLimiter perCamera, KeyedRateLimiter perCredential) {

        static Pacing from(TrapstreamConfig config) {
            int keys = config.getInt(IngestConfig.INGEST_HTTP_CAMERA_KEYS);
            return new Pacing(limiter(config.getDouble(IngestConfig.INGEST_HTTP_CAMERA_RATE),
                    config.getInt(IngestConfig.INGEST_HTTP_CAMERA_BURST), keys),
                limiter(config.getDouble(IngestConfig.INGEST_HTTP_CREDENTIAL_RATE),
                    config.getInt(IngestConfig.INGEST_HTTP_CREDENTIAL_BURST), keys));
        }

        private static KeyedRateLimiter limiter(double rate, int burst, int keys) {
            return rate == 0 ? null : new KeyedRateLimiter(rate, burst, keys);
        }

        /** How long the sender must wait; zero, and a token taken from each bucket, when it need not. */
        Duration waitFor(String cameraId, String credential) {
            Duration wait = waitFor(perCredential, credential == null ? INVALID_CAMERA : credential);
            return wait.isZero() ? waitFor(perCamera, CameraId.isValid(cameraId) ? cameraId : INVALID_CAMERA) : wait;
        }

        private static Duration waitFor(KeyedRateLimiter limiter, String key) {
            return limiter == null ? Duration.ZERO : limiter.tryAcquire(key);
        }
    }

    UploadAdmission(int maxUploads, Pacing pacing) {
        this.maxUploads = maxUploads;
        this.pacing = pacing;
    }

    static UploadAdmission from(TrapstreamConfig config) {
        return new UploadAdmission(config.getInt(IngestConfig.INGEST_HTTP_MAX_UPLOADS), Pacing.from(config));
    }

    /**
     * Admits the upload (empty: call {@link #release()} once it is answered) or says why not.
     *
     * @param credential the name of the credential it came with (null without one), paced apart from the camera
     */
    Optional<Refusal> admit(String cameraId, String credential) {
        if (inFlight.incrementAndGet() > maxUploads) {
            inFlight.decrementAndGet();
            return Optional.of(new Refusal(Shed.OVERLOADED, RETRY_AFTER_SECONDS));
        }
        Duration wait = pacing.waitFor(cameraId, credential);
        if (!wait.isZero()) {
            inFlight.decrementAndGet();
            // whole seconds, rounded up: a client that waits what it is told finds a token
            return Optional.of(new Refusal(Shed.RATE_LIMITED, Math.max(1, (wait.toMillis() + 999) / 1000)));
        }
        return Optional.empty();
    }

    void release() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }
}
