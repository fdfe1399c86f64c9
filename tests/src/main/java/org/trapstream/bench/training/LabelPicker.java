package org.trapstream.bench.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.trapstream.common.review.ReviewValue;
import org.trapstream.common.review.TopTwo;
import org.trapstream.model.data.DecodedImage;
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
            float[][] probabilities = probabilities(unlabelled, current);
            Integer[] order = new Integer[unlabelled.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            // A stable sort keeps the random order among equal margins.
            Arrays.sort(order, Comparator.comparingDouble(i -> TopTwo.of(probabilities[i]).margin()));
            return Arrays.stream(order).limit(count).map(unlabelled::get).toList();
        }
    },

    /**
     * The review queue's own order ({@link ReviewValue}): uncertainty, plus novelty for an image the model's
     * out-of-distribution detector flags, spread over sites and predicted labels.
     */
    MIXED("uncertainty + OOD + diversity (the review queue's order)") {
        @Override
        List<PoolImage> pick(List<PoolImage> unlabelled, int count, LoadedModel current) {
            // One pass gives each image's probabilities and whether the version's detector flags it.
            List<Boolean> flagged = new ArrayList<>(unlabelled.size());
            float[][] probabilities = Scoring.probabilities(batch -> {
                LoadedModel.Classified classified = current.classify(batch);
                for (boolean outOfDistribution : classified.outOfDistribution()) {
                    flagged.add(outOfDistribution);
                }
                return classified.probabilities();
            }, new Preprocessor(current.metadata()), decoded(unlabelled), SCORING_BATCH);
            List<ReviewValue.Candidate<PoolImage>> candidates = new ArrayList<>(unlabelled.size());
            for (int i = 0; i < probabilities.length; i++) {
                float[] row = probabilities[i];
                TopTwo top = TopTwo.of(row);
                boolean novel = flagged.get(i);
                String predicted = current.metadata().labels().get(Scoring.argMax(row));
                String group = unlabelled.get(i).source().site() + "/" + predicted;
                candidates.add(new ReviewValue.Candidate<>(unlabelled.get(i),
                    ReviewValue.worth(top.first(), top.second(), novel), group));
            }
            return ReviewValue.mostValuableFirst(candidates, count);
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

    private static float[][] probabilities(List<PoolImage> images, LoadedModel current) {
        return Scoring.probabilities(Scoring.of(current), new Preprocessor(current.metadata()), decoded(images),
            SCORING_BATCH);
    }

    private static List<DecodedImage> decoded(List<PoolImage> images) {
        return images.stream().map(PoolImage::decoded).toList();
    }
}
