package org.trapstream.bench.training;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.trapstream.model.eval.Scoring;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.Preprocessor;

/**
 * Which unlabelled images a reviewer labels next. The unlabelled list arrives in a seeded random order, so
 * {@link #RANDOM} takes its head and ties under {@link #UNCERTAINTY} break randomly.
 */
public enum LabelPicker {

    /** Active learning: the smallest margin between the current model's top two probabilities. */
    UNCERTAINTY("uncertainty (smallest top-2 margin)") {
        @Override
        List<PoolImage> pick(List<PoolImage> unlabelled, int count, LoadedModel current) {
            float[][] probabilities = Scoring.probabilities(Scoring.of(current), new Preprocessor(current.metadata()),
                unlabelled.stream().map(PoolImage::decoded).toList(), SCORING_BATCH);
            Integer[] order = new Integer[unlabelled.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            // A stable sort keeps the random order among equal margins.
            Arrays.sort(order, Comparator.comparingDouble(i -> margin(probabilities[i])));
            return Arrays.stream(order).limit(count).map(unlabelled::get).toList();
        }
    },

    /** The baseline: images in the order they happen to come. */
    RANDOM("random order") {
        @Override
        List<PoolImage> pick(List<PoolImage> unlabelled, int count, LoadedModel current) {
            return List.copyOf(unlabelled.subList(0, Math.min(count, unlabelled.size())));
        }
    };

    /** Images per forward pass when scoring. */
    private static final int SCORING_BATCH = 64;

    private final String description;

    LabelPicker(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The next {@code count} images to label, given the model trained on the labels so far. */
    abstract List<PoolImage> pick(List<PoolImage> unlabelled, int count, LoadedModel current);

    private static double margin(float[] row) {
        float first = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (float p : row) {
            if (p > first) {
                second = first;
                first = p;
            } else if (p > second) {
                second = p;
            }
        }
        return first - second;
    }
}
