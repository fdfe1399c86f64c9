package org.trapstream.trainer.training;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.model.Preprocessor;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.ImageBatchIterator;
import org.trapstream.model.train.TrainingOptions;

/**
 * Fits a candidate network, from scratch or from a transferred head alike: augmented, shuffled epochs over the
 * training split, scored after each epoch on the validation split; the weights of the epoch with the lowest
 * validation loss are kept, and training stops after {@code patience} epochs without one (the same rule as the
 * model module's {@code Trainer}, whose loop is not reachable with explicit splits and a starting network).
 * Checks {@code cancelled} between epochs so a stopping trainer does not wait for a whole run.
 */
final class CandidateFit {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateFit.class);

    /** The per-epoch history for the metadata, and the epoch whose weights were kept. */
    record Result(JsonArray history, int bestEpoch, double bestValidationLoss) {
    }

    static Result fit(MultiLayerNetwork network, List<String> labels, Preprocessor preprocessor,
                      List<DecodedImage> train, List<DecodedImage> validation, TrainingOptions options,
                      BooleanSupplier cancelled) {
        ImageBatchIterator batches = ImageBatchIterator.training(train, labels, options.batchSize(), preprocessor,
            options.augmentation(), options.seed());
        JsonArray history = new JsonArray();
        INDArray bestParams = network.params().dup();
        int bestEpoch = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("training cancelled at epoch " + epoch);
            }
            long started = System.nanoTime();
            batches.reset();
            double lossSum = 0;
            int seen = 0;
            while (batches.hasNext()) {
                DataSet batch = batches.next();
                network.fit(batch);
                lossSum += network.score() * batch.numExamples();
                seen += batch.numExamples();
            }
            BatchScorer.Scores scores = BatchScorer.score(x -> network.output(x, false).toFloatMatrix(),
                preprocessor, labels, validation, options.batchSize());
            double seconds = (System.nanoTime() - started) / 1e9;
            history.add(new JsonObject()
                .put("epoch", epoch)
                .put("train_loss", lossSum / Math.max(1, seen))
                .put("val_loss", scores.loss())
                .put("val_accuracy", scores.summary().accuracy())
                .put("lr", options.learningRate())
                .put("seconds", seconds));
            LOG.info("Epoch {}/{}: train loss {}, validation loss {} accuracy {} ({} s)", epoch, options.epochs(),
                lossSum / Math.max(1, seen), scores.loss(), scores.summary().accuracy(), Math.round(seconds));
            // Without validation images every epoch "improves" and the last weights are kept.
            if (validation.isEmpty() || scores.loss() < bestLoss) {
                bestParams = network.params().dup();
                bestEpoch = epoch;
                bestLoss = scores.loss();
            } else if (epoch - bestEpoch >= options.patience()) {
                LOG.info("Early stop after epoch {}: no lower validation loss since epoch {}", epoch, bestEpoch);
                break;
            }
        }
        network.setParams(bestParams);
        return new Result(history, bestEpoch, bestLoss);
    }

    private CandidateFit() {
    }
}
