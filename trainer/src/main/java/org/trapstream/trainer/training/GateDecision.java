package org.trapstream.trainer.training;

import io.vertx.core.json.JsonObject;

/** The promotion gate's verdict and the sentence that explains it (stored in the candidate's metadata). */
public record GateDecision(boolean promote, String reason) {

    public JsonObject toJson() {
        return new JsonObject().put("promote", promote).put("reason", reason);
    }
}
