package org.trapstream.model.tune;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.trapstream.model.data.ChannelStats;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.eval.EvaluationSummary;
import org.trapstream.model.eval.Scoring;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.Preprocessor;

/**
 * The real objective: trains a trial's seed CNN with the model module's {@link Trainer#fit} on images decoded
 * once for the whole search, and scores the weights it keeps by macro-F1 on the validation images with
 * {@link Scoring}, as a trained model's test images are scored. A trial's network is kept between
 * rungs, so a promoted trial continues from the weights it had.
 */
final class TrialTrainer implements Objective {

    private final TrainingOptions base;
    private final List<String> labels;
    private final List<DecodedImage> fitImages;
    private final List<DecodedImage> validationImages;
    private final Preprocessor preprocessor;
    private final PrintStream progress;
    private final Map<Integer, Model> networks = new HashMap<>();

    /** Normalises with the training images' channel statistics, as a trained model would. */
    TrialTrainer(TrainingOptions base, List<String> labels, List<DecodedImage> fitImages,
                 List<DecodedImage> validationImages, PrintStream progress) {
        this.base = base;
        this.labels = List.copyOf(labels);
        this.fitImages = List.copyOf(fitImages);
        this.validationImages = List.copyOf(validationImages);
        ChannelStats stats = ChannelStats.of(fitImages.stream().map(DecodedImage::image).toList());
        this.preprocessor = new Preprocessor(base.imageSize(), stats.mean(), stats.std());
        this.progress = progress;
    }

    @Override
    public Score train(Trial trial, int fromEpochs, int toEpochs) {
        Model network = fromEpochs == 0
            ? trial.trainingOptions(base, toEpochs, base.seed()).newNetwork(labels.size()).network()
            : networks.get(trial.id());
        if (network == null) {
            throw new IllegalStateException("Trial " + trial.id() + " has no network to resume at epoch " + fromEpochs);
        }
        // A resumed run gets its own seed: the same one would replay the first rung's shuffles and augmentations.
        TrainingOptions options = trial.trainingOptions(base, toEpochs - fromEpochs, base.seed() + fromEpochs);
        // fit() saves nothing, so this trainer needs no registry.
        new Trainer(null, options, null, progress, false)
            .fit(network, labels, preprocessor, fitImages, validationImages);
        networks.put(trial.id(), network);
        EvaluationSummary scores = Scoring.score(Scoring.of(network), preprocessor, labels, validationImages,
            base.batchSize()).summary();
        return new Score(scores.macroF1(), scores.accuracy());
    }

    @Override
    public void release(Trial trial) {
        networks.remove(trial.id());
    }
}
