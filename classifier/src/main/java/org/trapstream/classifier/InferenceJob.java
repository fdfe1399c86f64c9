package org.trapstream.classifier;

import java.util.concurrent.Executor;

import io.vertx.core.Promise;

/** One image waiting in the {@link BatchAggregator}, and where its scores go. */
record InferenceJob(PreparedImage image, long offeredNanos, Promise<Scores> result, Executor replyOn) {

    /** Completes the job on the caller's context (the inference thread must not run the pipeline's code). */
    void succeed(Scores scores) {
        replyOn.execute(() -> result.complete(scores));
    }

    void fail(Throwable cause) {
        replyOn.execute(() -> result.fail(cause));
    }
}
