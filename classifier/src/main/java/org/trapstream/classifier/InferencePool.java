package org.trapstream.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The work-load manager of the model (the role DJL Serving's {@code WorkLoadManager} plays): images go into
 * one {@link BatchAggregator}; {@code threads} {@link InferenceWorker}s, each with its own model copy, run the
 * batches. Inference never runs on the event loop.
 */
final class InferencePool {

    private final BatchAggregator<InferenceJob> batches;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    InferencePool(ClassifierSettings settings, ModelHolder models, ClassifierMetrics metrics) {
        this.batches = new BatchAggregator<>(settings.maxBatchSize(), settings.maxQueueDelay(), System::nanoTime);
        for (int i = 0; i < models.threads(); i++) {
            InferenceWorker worker = new InferenceWorker(i, batches, models, settings.imageLimits(), metrics);
            threads.add(new Thread(worker, "classifier-inference-" + i));
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** Says an image is on its way (being decoded), so a batch waits for it rather than run without it. */
    void expect() {
        batches.expect();
    }

    /** An image announced by {@link #expect} will not come (it failed to decode). */
    void calledOff() {
        batches.calledOff();
    }

    /** Queues an image for the next batch; never blocks. Call on a Vert.x context: the scores come back there. */
    Future<Scores> submit(PreparedImage image) {
        Promise<Scores> result = Promise.promise();
        Context caller = Objects.requireNonNull(Vertx.currentContext(), "submit from a Vert.x context");
        batches.offer(new InferenceJob(image, System.nanoTime(), result, caller));
        return result.future();
    }

    /** False when an inference thread died (an Error escaped it) before {@link #stop}. */
    boolean healthy() {
        return stopped || threads.stream().allMatch(Thread::isAlive);
    }

    /** Runs what is queued, then stops the threads. Blocking: call from a worker. */
    void stop() throws InterruptedException {
        stopped = true;
        batches.close();
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
