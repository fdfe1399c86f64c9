package org.trapstream.model.tune;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.DecodedDataset;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.Backend;

/**
 * Runs a hyperparameter search on a training set: holds out a stratified validation share (the test split is
 * never seen), decodes both once for all trials, samples the configurations and lets successive halving
 * train and score them within the budget. Blocking and CPU-heavy.
 */
public final class Tuner {

    private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);

    private final TrainingOptions base;
    private final ImageLimits limits;
    private final PrintStream progress;

    /**
     * @param base     image size, batch size, augmentation, seed, validation share and patience of every trial
     * @param progress where per-run lines and the trainer's progress go (stderr for the CLI)
     */
    public Tuner(TrainingOptions base, ImageLimits limits, PrintStream progress) {
        this.base = base;
        this.limits = limits;
        this.progress = progress;
    }

    public TuneReport tune(FolderDataset train, TuneSettings settings) {
        Budget budget = Budget.startingNow(settings.budget());
        Backend.init();
        List<Trial> trials = settings.space().forImageSize(base.imageSize()).sample(settings.trials(), base.seed());
        FolderDataset.Split split = train.split(base.validationFraction(), base.seed());
        DecodedDataset fit = decode(split.rest(), "training");
        DecodedDataset validation = decode(split.heldOut(), "validation");
        if (fit.images().isEmpty() || validation.images().isEmpty()) {
            throw new IllegalArgumentException("Need training and validation images, got " + fit.images().size()
                + " and " + validation.images().size() + " from " + train.source());
        }
        progress.printf(Locale.ROOT, "tuning %d configurations (%s rungs) on %d training and %d validation images "
                + "at %dpx, budget %ds (%.0fs spent decoding)%n", trials.size(),
            settings.schedule().rungSizes(trials.size()), fit.images().size(), validation.images().size(),
            base.imageSize(), settings.budget().toSeconds(), budget.elapsed().toMillis() / 1000.0);

        TrialTrainer objective = new TrialTrainer(base, train.labels(), fit.images(), validation.images(), progress);
        List<TrialResult> rows = settings.schedule().run(trials, objective, budget, this::announce);
        JsonObject search = settings.toJson()
            .put("elapsed_seconds", budget.elapsed().toMillis() / 1000.0)
            .put("image_size", base.imageSize())
            .put("batch_size", base.batchSize())
            .put("augmentation", base.augmentation() != null)
            .put("seed", base.seed())
            .put("labels", new JsonArray(train.labels()))
            .put("train_images", fit.images().size())
            .put("validation_images", validation.images().size())
            .put("source", train.source().toString());
        return new TuneReport(rows, search);
    }

    private void announce(TrialResult row) {
        if (row.scored()) {
            progress.printf(Locale.ROOT, "trial %d (%s) rung %d, %d epochs: val macro-F1 %.3f, accuracy %.3f, %.1fs%n",
                row.trial().id(), row.trial().describe(), row.rung(), row.epochs(), row.score().macroF1(),
                row.score().accuracy(), row.seconds());
        } else {
            progress.printf(Locale.ROOT, "trial %d (%s) rung %d failed after %.1fs%n", row.trial().id(),
                row.trial().describe(), row.rung(), row.seconds());
        }
    }

    private DecodedDataset decode(FolderDataset dataset, String purpose) {
        DecodedDataset decoded = DecodedDataset.decode(dataset, base.imageSize(), limits);
        decoded.failures().forEach(failure -> LOG.warn("Skipping {} image {}", purpose, failure));
        return decoded;
    }
}
