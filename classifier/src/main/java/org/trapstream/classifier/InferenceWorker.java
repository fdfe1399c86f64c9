package org.trapstream.classifier;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.image.ImageLimits;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.Preprocessor;

/**
 * One inference thread (DJL's worker thread): takes whole batches from the {@link BatchAggregator} and runs
 * them through its own model copy, picked up afresh from the {@link ModelHolder} before every batch, which is
 * where a hot swap takes effect. A batch that fails is retried image by image, so one bad input fails only
 * itself.
 */
final class InferenceWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceWorker.class);

    private final int index;
    private final BatchAggregator<InferenceJob> batches;
    private final ModelHolder models;
    private final ImageLimits limits;
    private final ClassifierMetrics metrics;

    InferenceWorker(int index, BatchAggregator<InferenceJob> batches, ModelHolder models, ImageLimits limits,
                    ClassifierMetrics metrics) {
        this.index = index;
        this.batches = batches;
        this.models = models;
        this.limits = limits;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        LoadedModel previous = null;
        try {
            for (List<InferenceJob> batch = batches.take(); !batch.isEmpty(); batch = batches.take()) {
                LoadedModel model = models.forThread(index);
                if (previous != null && previous != model) {
                    // Swapped out, and only this thread ever used this copy: free its native memory now.
                    previous.close();
                }
                previous = model;
                run(batch, model);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(List<InferenceJob> batch, LoadedModel model) {
        long takenAt = System.nanoTime();
        List<InferenceJob> jobs = new ArrayList<>(batch.size());
        List<float[]> inputs = new ArrayList<>(batch.size());
        for (InferenceJob job : batch) {
            try {
                inputs.add(job.image().inputFor(model.metadata(), limits));
                jobs.add(job);
            } catch (RuntimeException e) {
                job.fail(new InferenceFailedException(model.metadata().version(), e));
            }
        }
        if (jobs.isEmpty()) {
            return;
        }
        try {
            long start = System.nanoTime();
            LoadedModel.Classified classified = model.classify(new Preprocessor(model.metadata()).stack(inputs));
            long took = System.nanoTime() - start;
            metrics.batch(jobs.size(), took);
            for (int i = 0; i < jobs.size(); i++) {
                InferenceJob job = jobs.get(i);
                job.succeed(new Scores(job.image(), classified.probabilities()[i], classified.oodScores()[i],
                    classified.outOfDistribution()[i], model.metadata(), takenAt - job.offeredNanos(), took));
            }
        } catch (RuntimeException e) {
            if (jobs.size() == 1) {
                LOG.warn("Inference failed on one image with model {}: {}", model.metadata().version(), e.toString());
                jobs.get(0).fail(new InferenceFailedException(model.metadata().version(), e));
            } else {
                LOG.warn("A batch of {} failed with model {} ({}); retrying image by image",
                    jobs.size(), model.metadata().version(), e.toString());
                jobs.forEach(job -> run(List.of(job), model));
            }
        }
    }

    /** The model could not score an image: the image is dead-lettered with reason inference_failed. */
    static final class InferenceFailedException extends RuntimeException {
        InferenceFailedException(String modelVersion, Throwable cause) {
            super("model " + modelVersion + " failed on the image: " + cause, cause);
        }
    }
}
