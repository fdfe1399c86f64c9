package org.trapstream.serving;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.ModelAnnouncement;

/**
 * Everything a model version needs besides its weights, stored as {@code metadata.json} (snake_case) next to
 * {@code model.zip}: the labels in output order, how to preprocess (input side, per-channel mean and std in
 * the 0..1 pixel scale), the softmax temperature, how it was trained, how it scored, and the SHA-256 of the
 * model file that loaders verify.
 *
 * @param version       {@code v0001}, ...; {@code null} in a draft the registry has not saved yet
 * @param parentVersion the version this one was trained to replace, or {@code null}
 * @param architecture  the network's hyperparameters, as the architecture builder reports them
 * @param history       one object per epoch: epoch, train_loss, val_loss, val_accuracy, lr (the mean rate of the
 *                      epoch's steps), seconds
 * @param data          a snapshot of the training data: source, image counts per split and class
 * @param sha256        hex checksum of the model file; {@code null} in a draft
 * @param network       the file format, input tensor and output ({@link NetworkIo#DL4J} for networks trained here)
 */
public record ModelMetadata(String version, String parentVersion, String modelName, JsonObject architecture,
                            List<String> labels, int inputSize, int channels, List<Double> mean, List<Double> std,
                            double temperature, Instant createdAt, ModelStatus status, String statusReason,
                            JsonObject metrics, JsonArray history, JsonObject data, JsonObject timings,
                            String sha256, NetworkIo network) {

    public static final int SCHEMA_VERSION = 1;
    public static final int RGB = 3;
    /** Key of the training cameras' ids in {@link #data()}. */
    public static final String CAMERAS_KEY = "cameras";

    public ModelMetadata {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        labels = List.copyOf(labels);
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (labels.isEmpty() || labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("A model needs distinct labels, got " + labels);
        }
        if (inputSize < 1 || channels < 1 || mean.size() != channels || std.size() != channels) {
            throw new IllegalArgumentException("Input " + inputSize + "x" + inputSize + "x" + channels
                + " does not match mean " + mean + " and std " + std);
        }
        if (std.stream().anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("Standard deviations must be positive: " + std);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("Temperature must be positive: " + temperature);
        }
        architecture = copyOrEmpty(architecture);
        metrics = copyOrEmpty(metrics);
        data = copyOrEmpty(data);
        timings = copyOrEmpty(timings);
        history = history == null ? new JsonArray() : history.copy();
        network = network == null ? NetworkIo.DL4J : network;
    }

    /** A new, unsaved RGB candidate of the default model, created now, with temperature 1. */
    public static ModelMetadata draft(JsonObject architecture, List<String> labels, int inputSize,
                                      List<Double> mean, List<Double> std) {
        return new ModelMetadata(null, null, ModelAnnouncement.DEFAULT_MODEL, architecture, labels, inputSize, RGB,
            mean, std, 1.0, Instant.now(), ModelStatus.CANDIDATE, null, null, null, null, null, null, NetworkIo.DL4J);
    }

    /** This draft with what its training run produced. */
    public ModelMetadata withTraining(String parent, JsonObject runMetrics, JsonArray runHistory,
                                      JsonObject dataSnapshot, JsonObject runTimings) {
        return new ModelMetadata(version, parent, modelName, architecture, labels, inputSize, channels, mean, std,
            temperature, createdAt, status, statusReason, runMetrics, runHistory, dataSnapshot, runTimings, sha256, network);
    }

    /** As saved by the registry under {@code savedVersion}, with the checksum of its model file. */
    public ModelMetadata withVersion(String savedVersion, String modelSha256) {
        return new ModelMetadata(savedVersion, parentVersion, modelName, architecture, labels, inputSize, channels,
            mean, std, temperature, createdAt, status, statusReason, metrics, history, data, timings, modelSha256, network);
    }

    /** With a calibrated softmax temperature (see {@link LoadedModel#predict}). */
    public ModelMetadata withTemperature(double calibrated) {
        return new ModelMetadata(version, parentVersion, modelName, architecture, labels, inputSize, channels, mean,
            std, calibrated, createdAt, status, statusReason, metrics, history, data, timings, sha256, network);
    }

    public ModelMetadata withStatus(ModelStatus newStatus, String reason) {
        return new ModelMetadata(version, parentVersion, modelName, architecture, labels, inputSize, channels, mean,
            std, temperature, createdAt, newStatus, reason, metrics, history, data, timings, sha256, network);
    }

    /** As an imported network described by {@code io}. */
    public ModelMetadata withNetwork(NetworkIo io) {
        return new ModelMetadata(version, parentVersion, modelName, architecture, labels, inputSize, channels, mean,
            std, temperature, createdAt, status, statusReason, metrics, history, data, timings, sha256, io);
    }

    /** The out-of-distribution check fitted at training time; empty for versions trained before it existed. */
    public Optional<OodDetector> ood() {
        return OodDetector.of(metrics);
    }

    /**
     * The cameras whose images the version was trained on ({@code data.cameras}); empty when unknown, as for a
     * version trained on a folder dataset, which has no cameras.
     */
    public Set<String> trainedCameras() {
        return Set.copyOf(strings(data.getJsonArray(CAMERAS_KEY, new JsonArray())));
    }

    /** A number from {@link #metrics()} (e.g. {@code accuracy}, {@code macro_f1}), or {@code NaN}. */
    public double metric(String name) {
        Object value = metrics.getValue(name);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    public JsonObject toJson() {
        return new JsonObject()
            .put("schema_version", SCHEMA_VERSION)
            .put("version", version)
            .put("parent_version", parentVersion)
            .put("model_name", modelName)
            .put("architecture", architecture.copy())
            .put("labels", new JsonArray(labels))
            .put("input_size", inputSize)
            .put("channels", channels)
            .put("mean", new JsonArray(mean))
            .put("std", new JsonArray(std))
            .put("temperature", temperature)
            .put("created_at", createdAt.toString())
            .put("status", status.code())
            .put("status_reason", statusReason)
            .put("metrics", metrics.copy())
            .put("history", history.copy())
            .put("data", data.copy())
            .put("timings", timings.copy())
            .put("sha256", sha256)
            .put("network", network.toJson());
    }

    public static ModelMetadata fromJson(JsonObject json) {
        int schema = json.getInteger("schema_version", 0);
        if (schema != SCHEMA_VERSION) {
            throw new IllegalArgumentException("Unsupported model metadata schema_version " + schema);
        }
        return new ModelMetadata(
            json.getString("version"),
            json.getString("parent_version"),
            json.getString("model_name", ModelAnnouncement.DEFAULT_MODEL),
            json.getJsonObject("architecture"),
            strings(json.getJsonArray("labels")),
            json.getInteger("input_size"),
            json.getInteger("channels", RGB),
            doubles(json.getJsonArray("mean")),
            doubles(json.getJsonArray("std")),
            json.getDouble("temperature", 1.0),
            Instant.parse(json.getString("created_at")),
            ModelStatus.fromCode(json.getString("status", ModelStatus.CANDIDATE.code())),
            json.getString("status_reason"),
            json.getJsonObject("metrics"),
            json.getJsonArray("history"),
            json.getJsonObject("data"),
            json.getJsonObject("timings"),
            json.getString("sha256"),
            NetworkIo.fromJson(json.getJsonObject("network")));
    }

    private static JsonObject copyOrEmpty(JsonObject json) {
        return json == null ? new JsonObject() : json.copy();
    }

    private static List<String> strings(JsonArray array) {
        return array.stream().map(String::valueOf).toList();
    }

    private static List<Double> doubles(JsonArray array) {
        return array.stream().map(v -> ((Number) v).doubleValue()).toList();
    }
}
