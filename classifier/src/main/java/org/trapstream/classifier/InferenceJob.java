package org.trapstream.classifier;

import io.vertx.core.Context;
import io.vertx.core.Promise;

/** One image waiting in the {@link BatchAggregator}, and where its scores go. */
record InferenceJob(PreparedImage image, long offeredNanos, Promise<Scores> result, Context replyOn) {

    /** Completes the job on the caller's context (the inference thread must not run the pipeline's code). */
    void succeed(Scores scores) {
        replyOn.runOnContext(ignored -> result.complete(scores));
    }

    void fail(Throwable cause) {
        replyOn.runOnContext(ignored -> result.fail(cause));
    }
}
