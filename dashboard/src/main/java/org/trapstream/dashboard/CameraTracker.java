package org.trapstream.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.CameraId;
import org.trapstream.common.contract.EnumCodes;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.RejectReason;

/**
 * The health of every camera the dashboard hears of ({@link CameraHealth}), for {@code GET /api/v1/cameras} and as
 * {@code camtrap_camera_*} series tagged with the camera id.
 *
 * <p>Bounded, so that a misconfigured gateway inventing camera ids cannot flood Prometheus: at most
 * {@code maxCameras} are tracked, and a new camera beyond that evicts the one silent longest (its series are
 * removed; it starts afresh if it reports again). Eviction rather than an {@code other} bucket: a shared bucket
 * would mix the distributions whose drift it measures and hide which camera fails, while a silent camera is
 * the one whose numbers matter least, and the eviction counter tells an operator to raise the bound. A camera
 * id that does not follow {@link CameraId}'s rule (a dead letter may carry a missing or malformed one) is not
 * tracked.
 *
 * <p>Written by the feed consumer, read by HTTP handlers and the Prometheus scrape on other threads: every method,
 * and every meter's reading, holds this tracker's lock for O(one camera) work; evicting scans the cameras once.
 */
final class CameraTracker {

    private final CameraSettings settings;
    private final MeterRegistry registry;
    private final Map<String, Tracked> cameras = new HashMap<>();
    private final Counter evicted;

    private record Tracked(CameraHealth health, List<Meter> meters) {}

    CameraTracker(CameraSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        this.evicted = Counter.builder("camtrap.dashboard.cameras.evicted")
            .description("Cameras no longer tracked because more than dashboard.cameras.max reported")
            .register(registry);
        Gauge.builder("camtrap.dashboard.cameras.tracked", this, CameraTracker::size)
            .description("Cameras whose health the dashboard tracks").register(registry);
    }

    synchronized void predicted(Prediction prediction) {
        if (CameraId.isValid(prediction.cameraId())) {
            camera(prediction.cameraId()).health().predicted(prediction);
        }
    }

    synchronized void deadLettered(String cameraId, RejectReason reason, Instant at) {
        if (CameraId.isValid(cameraId)) {
            Tracked camera = camera(cameraId);
            if (camera.health().deadLetters(reason) == 0) {
                camera.meters().add(FunctionCounter.builder("camtrap.camera.dead.letters", camera.health(),
                        health -> read(health, h -> h.deadLetters(reason)))
                    .description("Dead letters of the camera's images, by reason")
                    .tags(Tags.of("camera", cameraId, "reason", reason.code()))
                    .register(registry));
            }
            camera.health().deadLettered(reason, at);
        }
    }

    synchronized int size() {
        return cameras.size();
    }

    /** Every tracked camera as the API lists it, by camera id, with the bound and the evictions so far. */
    synchronized JsonObject toJson() {
        JsonArray list = new JsonArray();
        cameras.values().stream().map(Tracked::health).sorted(Comparator.comparing(CameraHealth::cameraId))
            .forEach(health -> list.add(health.toJson()));
        return new JsonObject()
            .put("cameras", list)
            .put("max_cameras", settings.maxCameras())
            .put("evicted", (long) evicted.count());
    }

    private Tracked camera(String cameraId) {
        Tracked tracked = cameras.get(cameraId);
        if (tracked == null) {
            if (cameras.size() >= settings.maxCameras()) {
                evictLongestSilent();
            }
            tracked = new Tracked(new CameraHealth(cameraId, settings), new ArrayList<>());
            tracked.meters().addAll(register(tracked.health()));
            cameras.put(cameraId, tracked);
        }
        return tracked;
    }

    private void evictLongestSilent() {
        Tracked silent = Collections.min(cameras.values(),
            Comparator.comparing(Tracked::health, CameraHealth.BY_LAST_SEEN));
        cameras.remove(silent.health().cameraId());
        silent.meters().forEach(registry::remove);
        evicted.increment();
    }

    private List<Meter> register(CameraHealth health) {
        Tags camera = Tags.of("camera", health.cameraId());
        List<Meter> meters = new ArrayList<>();
        meters.add(FunctionCounter.builder("camtrap.camera.images", health, h -> read(h, CameraHealth::images))
            .description("Predictions of the camera's images").tags(camera).register(registry));
        meters.add(FunctionCounter.builder("camtrap.camera.empty.images", health,
                h -> read(h, CameraHealth::emptyImages))
            .description("Predictions of the camera's images marked empty").tags(camera).register(registry));
        meters.add(Gauge.builder("camtrap.camera.empty.ratio", health, h -> read(h, CameraHealth::recentEmptyShare))
            .description("Share of empty frames among the camera's recent images").tags(camera).register(registry));
        meters.add(Gauge.builder("camtrap.camera.last.seen.timestamp", health,
                h -> read(h, c -> c.lastSeen().toEpochMilli() / 1000.0))
            .description("When the camera's latest prediction or dead letter was made, in seconds since the epoch")
            .baseUnit("seconds").tags(camera).register(registry));
        for (CameraHealth.Distribution distribution : CameraHealth.Distribution.values()) {
            meters.add(Gauge.builder("camtrap.camera.drift", health, h -> read(h, c -> c.drift(distribution)))
                .description("Jensen-Shannon divergence (bits, 0 to 1) of the camera's recent distribution from its "
                    + "history")
                .tags(camera.and("distribution", EnumCodes.of(distribution))).register(registry));
        }
        return meters;
    }

    private synchronized double read(CameraHealth health, ToDoubleFunction<CameraHealth> reading) {
        return reading.applyAsDouble(health);
    }
}
