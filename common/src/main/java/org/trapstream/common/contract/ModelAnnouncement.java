package org.trapstream.common.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A model version promoted to serve, on the compacted {@link Topics#MODELS} keyed by model name, so the
 * topic always holds the current version of every model. Rolling back is announcing an older version.
 * {@code sha256} is the checksum of the model file; classifiers do not trust it (nor anything else a Kafka client
 * can write): they serve an announced version only when the model registry marks it promoted and its own metadata
 * carries the same checksum.
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

    /**
     * @throws UnsupportedSchemaException when the record is of another schema version
     * @throws IllegalArgumentException   when a field is missing or malformed
     */
    public static ModelAnnouncement fromJson(JsonObject json) {
        Object version = json.getValue("schema_version");
        if (!Integer.valueOf(SCHEMA_VERSION).equals(version)) {
            throw new UnsupportedSchemaException("Unsupported model announcement schema_version " + version);
        }
        try {
            return new ModelAnnouncement(required(json, "model"), required(json, "version"), required(json, "sha256"),
                Instant.parse(required(json, "promoted_at")));
        } catch (ClassCastException | DateTimeParseException e) {
            throw new IllegalArgumentException("Malformed model announcement: " + e.getMessage(), e);
        }
    }

    private static String required(JsonObject json, String field) {
        String value = json.getString(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Model announcement without " + field);
        }
        return value;
    }

    /** A record of a schema version this build does not read. */
    public static final class UnsupportedSchemaException extends IllegalArgumentException {
        public UnsupportedSchemaException(String message) {
            super(message);
        }
    }
}
