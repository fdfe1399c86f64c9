package org.trapstream.trainer.labels;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import io.vertx.core.json.JsonObject;

/**
 * The labels a training run sees, frozen: the latest label of every image, sorted by image id.
 *
 * @param id          SHA-256 of the sorted (image id, label) list: equal ids mean a model saw exactly the same data
 * @param logPosition records in the label log when the snapshot was taken; later records are "new labels"
 */
public record LabelSnapshot(String id, List<LabelRecord> records, SortedMap<String, Integer> classCounts,
                            long logPosition) {

    public static LabelSnapshot of(Collection<LabelRecord> latestPerImage, long logPosition) {
        List<LabelRecord> sorted = latestPerImage.stream().sorted(Comparator.comparing(LabelRecord::imageId)).toList();
        SortedMap<String, Integer> counts = new TreeMap<>();
        MessageDigest sha = sha256();
        for (LabelRecord record : sorted) {
            counts.merge(record.label(), 1, Integer::sum);
            sha.update((record.imageId() + '\t' + record.label() + '\n').getBytes(StandardCharsets.UTF_8));
        }
        return new LabelSnapshot(HexFormat.of().formatHex(sha.digest()), sorted,
            Collections.unmodifiableSortedMap(counts), logPosition);
    }

    /** The class names, sorted: the order of a model's outputs. */
    public List<String> labels() {
        return List.copyOf(classCounts.keySet());
    }

    public int size() {
        return records.size();
    }

    public JsonObject toJson() {
        JsonObject classes = new JsonObject();
        classCounts.forEach(classes::put);
        return new JsonObject()
            .put("id", id)
            .put("images", records.size())
            .put("classes", classes)
            .put("log_position", logPosition);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
