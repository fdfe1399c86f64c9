package org.trapstream.classifier;

import org.trapstream.serving.ModelMetadata;

/**
 * What the model said about one image.
 *
 * @param probabilities  one per label of {@code model}, in its label order
 * @param oodScore       the model's out-of-distribution score of the image, NaN without a detector
 * @param outOfDistribution whether the model's detector flags the image
 * @param batchWaitNanos time between joining the batch queue and an inference thread taking the batch
 * @param inferenceNanos time of the whole batch in the model
 */
record Scores(PreparedImage image, float[] probabilities, double oodScore, boolean outOfDistribution,
              ModelMetadata model, long batchWaitNanos, long inferenceNanos) {}
