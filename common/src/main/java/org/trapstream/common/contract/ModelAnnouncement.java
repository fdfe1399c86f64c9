package org.trapstream.common.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A model version promoted to serve, on the compacted {@link Topics#MODELS} keyed by model name, so the
 * topic always holds the current version of every model. Rolling back is announcing an older version.
 * {@code sha256} is the checksum of the model file that classifiers verify before they swap it in.
 */
public record ModelAnnouncement(String modelName, String version, String sha256, Instant promotedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String DEFAULT_MODEL = "default";

    public JsonObject toJson() {
        return new JsonObject()
            .put("schema_version", SCHEMA_VERSION)
            .put("model", modelName)
            .put("version", version)
            .put("sha256", sha256)
            .put("promoted_at", promotedAt.toString());
    }

    /** The record for {@link Topics#MODELS}: keyed by model name, so compaction keeps each model's latest. */
    public ProducerRecord<String, byte[]> toProducerRecord() {
        return new ProducerRecord<>(Topics.MODELS, modelName, toJson().encode().getBytes(StandardCharsets.UTF_8));
    }

    public static ModelAnnouncement fromJson(JsonObject json) {
        int version = json.getInteger("schema_version", 0);
        if (version != SCHEMA_VERSION) {
            throw new IllegalArgumentException("Unsupported model announcement schema_version " + version);
        }
        return new ModelAnnouncement(json.getString("model"), json.getString("version"), json.getString("sha256"),
            Instant.parse(json.getString("promoted_at")));
    }
}
