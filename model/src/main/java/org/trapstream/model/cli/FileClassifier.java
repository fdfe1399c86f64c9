package org.trapstream.model.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.trapstream.common.contract.ImageIds;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.Preprocessor;

/**
 * Classifies image files for the command line, in mini-batches: each batch is read and preprocessed on all
 * cores, then run through the model at once. Results come back in the files' order; a file that cannot be
 * read or decoded yields an error instead of stopping the run.
 */
final class FileClassifier {

    /**
     * One file's result: probabilities in label order, the out-of-distribution score and flag (see
     * {@link LoadedModel#classify}) and, when asked for, the network's features; or an error message.
     */
    record Outcome(Path file, String imageId, float[] probabilities, double oodScore, boolean outOfDistribution,
                   float[] features, String error) {
        boolean failed() {
            return error != null;
        }
    }

    private record Prepared(Path file, String imageId, float[] input, String error) {
    }

    private final LoadedModel model;
    private final Preprocessor preprocessor;
    private final ImageLimits limits;
    private final int batchSize;
    private final boolean withFeatures;

    FileClassifier(LoadedModel model, ImageLimits limits, int batchSize) {
        this(model, limits, batchSize, false);
    }

    /** @param withFeatures whether each outcome carries the network's features */
    FileClassifier(LoadedModel model, ImageLimits limits, int batchSize, boolean withFeatures) {
        this.model = model;
        this.preprocessor = new Preprocessor(model.metadata());
        this.limits = limits;
        this.batchSize = batchSize;
        this.withFeatures = withFeatures;
    }

    void classify(List<Path> files, Consumer<Outcome> results) {
        for (int from = 0; from < files.size(); from += batchSize) {
            List<Prepared> batch = files.subList(from, Math.min(files.size(), from + batchSize))
                .parallelStream().map(this::prepare).toList();
            List<float[]> inputs = batch.stream().filter(p -> p.error == null).map(Prepared::input).toList();
            LoadedModel.Classified classified = inputs.isEmpty() ? null : model.classify(preprocessor.stack(inputs),
                withFeatures);
            int row = 0;
            for (Prepared prepared : batch) {
                if (prepared.error != null) {
                    results.accept(new Outcome(prepared.file, prepared.imageId, null, Double.NaN, false, null,
                        prepared.error));
                } else {
                    results.accept(new Outcome(prepared.file, prepared.imageId, classified.probabilities()[row],
                        classified.oodScores()[row], classified.outOfDistribution()[row],
                        withFeatures ? classified.features()[row] : null, null));
                    row++;
                }
            }
        }
    }

    private Prepared prepare(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Prepared(file, null, null, "cannot read the file: " + e);
        }
        String imageId = ImageIds.of(bytes);
        try {
            return new Prepared(file, imageId, preprocessor.preprocess(bytes, limits), null);
        } catch (ImageRejectedException e) {
            return new Prepared(file, imageId, null, "rejected: " + e.reason().code() + ": " + e.detail());
        }
    }
}
