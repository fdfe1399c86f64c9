package org.trapstream.common.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.Prediction.LabelScore;

/**
 * One camera-trap event: a sequence of one camera's frames taken close together in time (the burst one trigger
 * fires), on {@link Topics#EVENTS} keyed by {@code event_id}. JSON with snake_case fields and {@code schema_version}
 * {@value #SCHEMA_VERSION}.
 *
 * <ul>
 *   <li>{@code event_id}: {@link #idOf} the camera and the first frame's image id, so the same sequence read again
 *       (after a restart) gets the same id and replaces its earlier copy on the compacted topic.</li>
 *   <li>{@code frames}: image ids and capture times, in capture order; {@code start} and {@code end} the first and
 *       last capture time.</li>
 *   <li>{@code label}, {@code confidence}, {@code top_k}: the mean of the frames' calibrated probabilities per label
 *       (a label missing from a frame's {@code top_k} counts 0 there), highest first.</li>
 *   <li>{@code count}: how many animals the event shows, where the model gives one; null while no model does.</li>
 *   <li>{@code closed_by}: why the sequence closed ({@link ClosedBy}).</li>
 * </ul>
 */
public record CaptureEvent(String eventId, String cameraId, List<Frame> frames, String label, double confidence,
                           List<LabelScore> topK, Integer count, ClosedBy closedBy) {

    public static final int SCHEMA_VERSION = 1;

    public CaptureEvent {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("An event has at least one frame");
        }
        frames = List.copyOf(frames);
        topK = List.copyOf(topK);
    }

    /** One frame of the event. */
    public record Frame(String imageId, Instant capturedAt) {
        JsonObject toJson() {
            return new JsonObject().put("image_id", imageId).put("captured_at", capturedAt.toString());
        }

        static Frame fromJson(JsonObject json) {
            return new Frame(json.getString("image_id"), Instant.parse(json.getString("captured_at")));
        }
    }

    /** Why a sequence closed. */
    public enum ClosedBy {
        /** The camera's later frames passed its last frame by the gap plus the allowed lateness. */
        WATERMARK,
        /** The camera sent nothing for the idle timeout (processing time): its last sequence closes anyway. */
        IDLE,
        /** The camera's open frames reached their bound: the oldest sequence closed early, the burst goes on in a new one. */
        FRAME_LIMIT;

        public String code() {
            return EnumCodes.of(this);
        }
    }

    /** The stable id of a camera's event whose first frame is {@code firstImageId}: the same 64 hex digits as an image id. */
    public static String idOf(String cameraId, String firstImageId) {
        return ImageIds.of((cameraId + "/" + firstImageId).getBytes(StandardCharsets.UTF_8));
    }

    public Instant start() {
        return frames.get(0).capturedAt();
    }

    public Instant end() {
        return frames.get(frames.size() - 1).capturedAt();
    }

    public JsonObject toJson() {
        return new JsonObject()
            .put("schema_version", SCHEMA_VERSION)
            .put("event_id", eventId)
            .put("camera_id", cameraId)
            .put("start", start().toString())
            .put("end", end().toString())
            .put("frames", new JsonArray(frames.stream().map(Frame::toJson).toList()))
            .put("label", label)
            .put("confidence", confidence)
            .put("top_k", new JsonArray(topK.stream().map(LabelScore::toJson).toList()))
            .put("count", count)
            .put("closed_by", closedBy.code());
    }

    public static CaptureEvent fromJson(JsonObject json) {
        int version = json.getInteger("schema_version", 0);
        if (version != SCHEMA_VERSION) {
            throw new IllegalArgumentException("Unsupported event schema_version " + version);
        }
        return new CaptureEvent(
            json.getString("event_id"),
            json.getString("camera_id"),
            json.getJsonArray("frames").stream().map(o -> Frame.fromJson((JsonObject) o)).toList(),
            json.getString("label"),
            json.getDouble("confidence"),
            json.getJsonArray("top_k").stream().map(o -> LabelScore.fromJson((JsonObject) o)).toList(),
            json.getInteger("count"),
            EnumCodes.parse(ClosedBy.class, json.getString("closed_by"), "closing reason"));
    }
}
