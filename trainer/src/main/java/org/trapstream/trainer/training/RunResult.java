package org.trapstream.trainer.training;

import java.time.Duration;
import java.time.Instant;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.ModelAnnouncement;

/**
 * How a training run ended.
 *
 * @param version      the candidate's version; null when the run failed before saving one
 * @param announcement what to announce when the candidate was promoted, else null
 * @param logPosition  the label log position of the run's snapshot: labels after it are new for the next run
 */
public record RunResult(RunOutcome outcome, String version, String reason, ModelAnnouncement announcement,
                        long logPosition, Duration duration, Instant finishedAt) {

    public JsonObject toJson() {
        return new JsonObject()
            .put("outcome", outcome.code())
            .put("version", version)
            .put("reason", reason)
            .put("seconds", duration.toMillis() / 1000.0)
            .put("finished_at", finishedAt.toString());
    }
}
