package org.trapstream.dashboard;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.EnumCodes;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.RejectReason;

/**
 * What the dashboard knows of one camera: its images and their labels, its empty frames, its dead letters by
 * reason, when it was last seen, and whether it drifts, i.e. how far the distributions of its recent labels and
 * top-1 confidences lie from its own longer history (both decayed counts, {@link DecayedCounts}). A camera that
 * starts seeing other animals, or the same animals less surely (a lens fogged, a camera knocked to face the
 * sky), drifts; the {@link JensenShannon} divergence says how much, from 0 to 1.
 *
 * <p>Drift needs a history to stand out from: it reads NaN until the camera has twice the recent window of images.
 * Counts include the duplicates that at-least-once delivery may bring. Not thread-safe; the
 * {@link CameraTracker} synchronises.
 */
final class CameraHealth {

    /** The distributions whose drift is measured, the values of the drift gauge's {@code distribution} tag. */
    enum Distribution { LABELS, CONFIDENCE }

    /** Buckets of the top-1 confidence histogram, each a tenth of [0, 1]. */
    static final int CONFIDENCE_BUCKETS = 10;

    private final String cameraId;
    private final int recentWindow;
    private long images;
    private long emptyImages;
    private final Map<String, Long> imagesByLabel = new HashMap<>();
    private final Map<RejectReason, Long> deadLetters = new EnumMap<>(RejectReason.class);
    private Instant lastSeen = Instant.EPOCH;
    private final DecayedCounts<String> recentLabels;
    private final DecayedCounts<String> historyLabels;
    private final DecayedCounts<Integer> recentConfidence;
    private final DecayedCounts<Integer> historyConfidence;
    private final DecayedCounts<Boolean> recentEmpty;

    CameraHealth(String cameraId, CameraSettings settings) {
        this.cameraId = cameraId;
        this.recentWindow = settings.recentImages();
        recentLabels = new DecayedCounts<>(settings.recentImages());
        historyLabels = new DecayedCounts<>(settings.historyImages());
        recentConfidence = new DecayedCounts<>(settings.recentImages());
        historyConfidence = new DecayedCounts<>(settings.historyImages());
        recentEmpty = new DecayedCounts<>(settings.recentImages());
    }

    void predicted(Prediction prediction) {
        images++;
        seen(prediction.classifiedAt());
        recentEmpty.add(prediction.empty());
        if (prediction.empty()) {
            emptyImages++;
        }
        if (prediction.label() != null) {
            imagesByLabel.merge(prediction.label(), 1L, Long::sum);
            recentLabels.add(prediction.label());
            historyLabels.add(prediction.label());
        }
        int bucket = Math.min(CONFIDENCE_BUCKETS - 1, (int) Math.floor(prediction.confidence() * CONFIDENCE_BUCKETS));
        recentConfidence.add(bucket);
        historyConfidence.add(bucket);
    }

    void deadLettered(RejectReason reason, Instant at) {
        deadLetters.merge(reason, 1L, Long::sum);
        seen(at);
    }

    /** Records are read in no order across topics and partitions: the latest time seen wins. */
    private void seen(Instant at) {
        if (at != null && at.isAfter(lastSeen)) {
            lastSeen = at;
        }
    }

    String cameraId() {
        return cameraId;
    }

    long images() {
        return images;
    }

    long emptyImages() {
        return emptyImages;
    }

    /** The share of empty frames among the camera's recent images (its recent window); NaN before any. */
    double recentEmptyShare() {
        return recentEmpty.share(true);
    }

    long deadLetters(RejectReason reason) {
        return deadLetters.getOrDefault(reason, 0L);
    }

    Instant lastSeen() {
        return lastSeen;
    }

    /** How far the recent distribution lies from the history, 0 to 1; NaN while the history is too short. */
    double drift(Distribution distribution) {
        if (images < 2L * recentWindow) {
            return Double.NaN;
        }
        return switch (distribution) {
            case LABELS -> recentLabels.divergenceFrom(historyLabels);
            case CONFIDENCE -> recentConfidence.divergenceFrom(historyConfidence);
        };
    }

    /** The camera as {@code GET /api/v1/cameras} lists it. */
    JsonObject toJson() {
        JsonArray labels = new JsonArray();
        imagesByLabel.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .forEach(entry -> labels.add(new JsonObject()
                .put("label", entry.getKey())
                .put("images", entry.getValue())
                .put("share", (double) entry.getValue() / images)));
        JsonObject byReason = new JsonObject();
        deadLetters.forEach((reason, count) -> byReason.put(reason.code(), count));
        JsonObject drift = new JsonObject();
        for (Distribution distribution : Distribution.values()) {
            drift.put(EnumCodes.of(distribution), finiteOrNull(drift(distribution)));
        }
        return new JsonObject()
            .put("camera_id", cameraId)
            .put("images", images)
            .put("empty_images", emptyImages)
            .put("empty_share", images == 0 ? null : (double) emptyImages / images)
            .put("recent_empty_share", finiteOrNull(recentEmptyShare()))
            .put("labels", labels)
            .put("last_seen", lastSeen.equals(Instant.EPOCH) ? null : lastSeen.toString())
            .put("dead_letters", deadLetters.values().stream().mapToLong(Long::longValue).sum())
            .put("dead_letters_by_reason", byReason)
            .put("drift", drift);
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** Longest silent first. */
    static final Comparator<CameraHealth> BY_LAST_SEEN = Comparator.comparing(CameraHealth::lastSeen);
}
