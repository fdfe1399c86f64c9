package org.trapstream.model.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.trapstream.model.TinyNetworks;
import org.trapstream.model.data.ChannelStats;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.TopK;
import org.trapstream.serving.engine.Dl4jEngine;
import org.trapstream.serving.engine.Dl4jNetworks;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The evaluation training and tuning share, on a real (untrained) network and generated images. */
class ScoringTest {

    private static final List<String> LABELS = TinyNetworks.LABELS;

    private final MultiLayerNetwork network = TinyNetworks.seedCnn(11);
    private final List<DecodedImage> images = images();
    private final Preprocessor preprocessor = preprocessor(images);

    @Test
    void scoresEveryImageByItsMostProbableLabelWhateverTheBatchSize() {
        EvaluationSummary oneByOne = expected();

        // 13 images in batches of 4: the last batch is partial.
        EvaluationSummary batched = Scoring.score(Scoring.of(network), preprocessor, LABELS, images, 4).summary();

        assertEquals(13, batched.images());
        assertEquals(oneByOne.confusion(), batched.confusion());
        assertEquals(oneByOne.accuracy(), batched.accuracy(), 1e-12);
        assertEquals(oneByOne.macroF1(), batched.macroF1(), 1e-12);
        assertEquals(batched, Scoring.score(Scoring.of(network), preprocessor, LABELS, images, 100).summary());
    }

    @Test
    void imagesOfAClassTheNetworkDoesNotKnowCountAsWrong() {
        EvaluationSummary summary = Scoring.score(Scoring.of(network), preprocessor, LABELS, images, 5).summary();

        assertEquals(List.of("ant", "bee", "wasp", "moth"), List.copyOf(summary.perClass().keySet()));
        assertEquals(new EvaluationSummary.ClassScores(0, 0, 0, 2), summary.perClass().get("moth"));
        assertEquals(2, summary.confusion().get("moth").values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void nothingToScoreScoresZeroAndABatchNeedsAnImage() {
        assertEquals(0, Scoring.score(Scoring.of(network), preprocessor, LABELS, List.of(), 4).summary().images());
        assertThrows(IllegalArgumentException.class,
            () -> Scoring.score(Scoring.of(network), preprocessor, LABELS, images, 0).summary());
    }

    /** Each image through the network alone, its top label fed to an {@link Evaluator}. */
    private EvaluationSummary expected() {
        Evaluator evaluator = new Evaluator(LABELS);
        for (DecodedImage image : images) {
            float[] probabilities = Dl4jNetworks.output(network,
                Dl4jEngine.array(preprocessor.stack(List.of(preprocessor.preprocess(image.image()))))).toFloatMatrix()[0];
            evaluator.add(image.label(), TopK.of(probabilities, LABELS, 1).get(0).label());
        }
        return evaluator.summary();
    }

    /** 11 noise images over the network's labels, then 2 of a class it does not know. */
    private static List<DecodedImage> images() {
        Random random = new Random(5);
        List<DecodedImage> images = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            String label = i < 11 ? LABELS.get(i % LABELS.size()) : "moth";
            images.add(new DecodedImage(TestImages.noise(random, TinyNetworks.SIZE, TinyNetworks.SIZE), label));
        }
        return images;
    }

    private static Preprocessor preprocessor(List<DecodedImage> images) {
        ChannelStats stats = ChannelStats.of(images.stream().map(DecodedImage::image).toList());
        return new Preprocessor(TinyNetworks.SIZE, stats.mean(), stats.std());
    }
}
