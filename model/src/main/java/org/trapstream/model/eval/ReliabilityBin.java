package org.trapstream.model.eval;

import io.vertx.core.json.JsonObject;

/**
 * One column of a reliability diagram: the images whose top confidence falls in {@code [lower, upper)}, their mean
 * confidence and the share of them the model got right (both NaN for an empty bin).
 */
public record ReliabilityBin(double lower, double upper, int images, double confidence, double accuracy) {

    public JsonObject toJson() {
        return new JsonObject()
            .put("lower", lower)
            .put("upper", upper)
            .put("images", images)
            .put("confidence", images == 0 ? null : confidence)
            .put("accuracy", images == 0 ? null : accuracy);
    }

    public static ReliabilityBin fromJson(JsonObject json) {
        int images = json.getInteger("images");
        return new ReliabilityBin(json.getDouble("lower"), json.getDouble("upper"), images,
            images == 0 ? Double.NaN : json.getDouble("confidence"), images == 0 ? Double.NaN : json.getDouble("accuracy"));
    }
}
