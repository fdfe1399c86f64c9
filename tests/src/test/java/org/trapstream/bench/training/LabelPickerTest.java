package org.trapstream.bench.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.eval.Scoring;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.Preprocessor;

class LabelPickerTest {

    /** Images per forward pass when scoring. */
    private static final int SCORING_BATCH = 64;

    private static final int SIZE = 16;
    private static final List<String> LABELS = List.of("a", "b", "c");

    @Test
    void uncertaintyPicksTheSmallestTopTwoMargins(@TempDir Path dir) {
        LoadedModel model = randomModel(dir);
        List<PoolImage> pool = noisePool(40);
        float[][] probabilities = Scoring.probabilities(Scoring.of(model), new Preprocessor(model.metadata()),
            pool.stream().map(PoolImage::decoded).toList(), SCORING_BATCH);
        List<PoolImage> expected = IntStream.range(0, pool.size()).boxed()
            .sorted(Comparator.comparingDouble(i -> margin(probabilities[i])))
            .limit(5).map(pool::get).toList();

        assertEquals(expected, LabelPicker.UNCERTAINTY.pick(pool, 5, model));
    }

    @Test
    void theReviewQueuesOrderStartsWithTheMostUncertainAndSpreadsOverPredictedLabels(@TempDir Path dir) {
        LoadedModel model = randomModel(dir);
        List<PoolImage> pool = noisePool(40);
        int count = 6;

        List<PoolImage> mixed = LabelPicker.MIXED.pick(pool, count, model);
        List<PoolImage> uncertain = LabelPicker.UNCERTAINTY.pick(pool, count, model);

        assertEquals(count, mixed.stream().distinct().count());
        assertEquals(uncertain.get(0), mixed.get(0), "without novelty the first is the most uncertain");
        assertTrue(predictedLabels(model, mixed) >= predictedLabels(model, uncertain),
            "the diversity term never narrows the predicted labels a batch covers");
    }

    private static long predictedLabels(LoadedModel model, List<PoolImage> images) {
        float[][] probabilities = Scoring.probabilities(Scoring.of(model), new Preprocessor(model.metadata()),
            images.stream().map(PoolImage::decoded).toList(), SCORING_BATCH);
        return Arrays.stream(probabilities).mapToInt(Scoring::argMax).distinct().count();
    }

    @Test
    void randomTakesTheAlreadyShuffledHead() {
        List<PoolImage> pool = noisePool(10);
        assertEquals(pool.subList(0, 4), LabelPicker.RANDOM.pick(pool, 4, null));
        assertEquals(pool, LabelPicker.RANDOM.pick(pool, 25, null), "never more than there is");
    }

    /** A seed CNN with random weights, saved and loaded as the benchmark loads its models. */
    private static LoadedModel randomModel(Path dir) {
        ModelRegistry registry = new ModelRegistry(dir);
        SeedCnn tiny = new SeedCnn(1, 4, 3, false, 0, 8, 0);
        ModelMetadata draft = ModelMetadata.draft(tiny.toJson(), LABELS, SIZE, List.of(0.5, 0.5, 0.5),
            List.of(0.25, 0.25, 0.25));
        return registry.load(registry.save(tiny.build(SIZE, LABELS.size(), 1e-3, 3), draft).version());
    }

    private static List<PoolImage> noisePool(int count) {
        Random random = new Random(11);
        List<PoolImage> pool = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    image.setRGB(x, y, random.nextInt(0x1000000));
                }
            }
            String label = LABELS.get(i % LABELS.size());
            pool.add(new PoolImage(new LabeledImage(Path.of("image-" + i + ".jpg"), label), "id-" + i,
                new DecodedImage(image, label)));
        }
        return pool;
    }

    private static double margin(float[] row) {
        float[] sorted = row.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - 1] - sorted[sorted.length - 2];
    }
}
