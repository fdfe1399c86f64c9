package org.trapstream.model.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.Networks;
import org.trapstream.model.TinyNetworks;
import org.trapstream.model.arch.NetworkSpec;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.Sampling;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.engine.Dl4jEngine;
import org.trapstream.serving.engine.Dl4jNetworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Trainer#fit} on networks built outside it, with generated images: a few seconds in all. */
class TrainerFitTest {

    private static final int SIZE = TinyNetworks.SIZE;
    private static final List<String> LABELS = TinyNetworks.LABELS;
    private static final SeedCnn TINY = new SeedCnn(1, 4, 3, false, 0, 8, 0);
    private static final double BASE_RATE = 0.01;

    @TempDir
    Path registryDir;

    private final List<DecodedImage> train = SyntheticImages.of(SyntheticImages.counts(16, 16, 16), LABELS, SIZE, 1);
    private final List<DecodedImage> validation = SyntheticImages.of(SyntheticImages.counts(4, 4, 4), LABELS, SIZE, 2);
    private final Preprocessor preprocessor = SyntheticImages.preprocessor(train, SIZE);

    @Test
    void keepsTheWeightsOfTheEpochWithTheLowestValidationLoss() {
        // A high rate makes the validation loss move both ways, so the kept epoch is often not the last.
        MultiLayerNetwork network = TINY.build(SIZE, LABELS.size(), 0.05, 3);
        TrainingOptions options = options(6, 2, LearningRatePolicy.CONSTANT, ClassWeighting.NONE);

        FitResult fit = trainer(options).fit(network, LABELS, preprocessor, train, validation);

        JsonArray history = fit.history();
        double lowest = history.stream().mapToDouble(e -> ((JsonObject) e).getDouble("val_loss")).min().orElseThrow();
        assertEquals(lowest, fit.bestValidationLoss(), 1e-12);
        assertEquals(lowest, history.getJsonObject(fit.bestEpoch() - 1).getDouble("val_loss"), 1e-12);
        assertEquals(lowest, validationLoss(network), 1e-4, "the network holds the kept epoch's weights");
        assertTrue(history.size() == 6 || history.size() - fit.bestEpoch() == 2,
            "stops after 2 epochs without improvement: " + history.size() + " epochs, best " + fit.bestEpoch());
        assertTrue(fit.classWeights().isEmpty());
        history.forEach(e -> assertEquals(0.05, ((JsonObject) e).getDouble("lr"), 1e-9, "the network's own rate"));
    }

    @Test
    void trainsAComputationGraphWithTheSameLoop() {
        ComputationGraph graph = TinyNetworks.graph(4);
        INDArray before = graph.params().dup();

        FitResult fit = trainer(options(2, 2, LearningRatePolicy.CONSTANT, ClassWeighting.NONE))
            .fit(graph, LABELS, preprocessor, train, validation);

        assertEquals(2, fit.history().size());
        assertTrue(Double.isFinite(fit.bestValidationLoss()));
        assertFalse(before.equalsWithEps(graph.params(), 1e-6), "the graph was trained");
        assertEquals(2 * (int) Math.ceil(train.size() / 8.0), Networks.iterationCount(graph));
    }

    @Test
    void stopsBetweenEpochsWhenCancelled() {
        AtomicInteger checks = new AtomicInteger();
        Trainer trainer = trainer(options(5, 5, LearningRatePolicy.CONSTANT, ClassWeighting.NONE));

        CancellationException e = assertThrows(CancellationException.class, () -> trainer.fit(
            TINY.build(SIZE, LABELS.size(), BASE_RATE, 5), LABELS, preprocessor, train, validation,
            () -> checks.incrementAndGet() > 2));

        assertTrue(e.getMessage().contains("epoch 3"), e.getMessage());
    }

    @Test
    void followsATriangularScheduleAndRecordsEachEpochsRate() {
        MultiLayerNetwork network = TINY.build(SIZE, LABELS.size(), BASE_RATE, 6);
        double max = 0.05;
        // Two epochs up, two down; patience 4 so no early stop cuts the cycle short.
        TrainingOptions options = options(4, 4, LearningRatePolicy.triangular(max, 2), ClassWeighting.NONE);

        FitResult fit = trainer(options).fit(network, LABELS, preprocessor, train, validation);

        double[] rates = fit.history().stream().mapToDouble(e -> ((JsonObject) e).getDouble("lr")).toArray();
        assertEquals(4, rates.length);
        assertTrue(rates[0] < rates[1] && rates[2] > rates[3], "up, then down: " + Arrays.toString(rates));
        for (double rate : rates) {
            assertTrue(rate >= BASE_RATE && rate <= max, "within the bounds: " + rate);
        }
        Adam updater = (Adam) ((BaseLayer) network.getLayer(0).conf().getLayer()).getIUpdater();
        assertInstanceOf(CyclicalSchedule.class, updater.getLearningRateSchedule(), "DL4J's updater follows it");
    }

    @Test
    void weightsTheLossByInverseClassFrequency() {
        List<DecodedImage> imbalanced = SyntheticImages.of(SyntheticImages.counts(24, 8, 16), LABELS, SIZE, 7);
        MultiLayerNetwork network = TINY.build(SIZE, LABELS.size(), BASE_RATE, 8);

        FitResult fit = trainer(options(1, 1, LearningRatePolicy.CONSTANT, ClassWeighting.BALANCED))
            .fit(network, LABELS, preprocessor, imbalanced, validation);

        // 48 images over 3 classes: 48 / (3 x n).
        assertEquals(Map.of("ant", 48 / 72.0, "bee", 2.0, "wasp", 1.0), fit.classWeights());
        assertEquals(new JsonObject().put("ant", 48 / 72.0).put("bee", 2.0).put("wasp", 1.0), fit.classWeightsJson());
    }

    private double validationLoss(Model network) {
        double loss = 0;
        float[][] probabilities = Dl4jNetworks.output(network,
            Dl4jEngine.array(preprocessor.stack(validation.stream().map(i -> preprocessor.preprocess(i.image())).toList()))).toFloatMatrix();
        for (int i = 0; i < validation.size(); i++) {
            loss -= Math.log(Math.max(probabilities[i][LABELS.indexOf(validation.get(i).label())], 1e-7));
        }
        return loss / validation.size();
    }

    private Trainer trainer(TrainingOptions options) {
        return new Trainer(new ModelRegistry(registryDir), options, ImageLimits.defaults());
    }

    private static TrainingOptions options(int epochs, int patience, LearningRatePolicy policy, ClassWeighting weighting) {
        return new TrainingOptions(TINY, SIZE, epochs, 8, BASE_RATE, 42, 0.2, patience, null, NetworkSpec.SEED_CNN,
            policy, weighting, Sampling.SHUFFLE);
    }
}
