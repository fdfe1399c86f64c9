package org.trapstream.model.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.deeplearning4j.nn.api.Model;
import org.trapstream.common.contract.EnumCodes;
import org.trapstream.model.Networks;
import org.trapstream.model.data.DecodedImage;

/**
 * Per-class weights in the training loss ({@code trainer.class.weights}), against class imbalance: the honeybee
 * set has 65 times more Italian than Western honey bees, and an unweighted loss can score well by rarely
 * answering the rare classes.
 */
public enum ClassWeighting {

    /** Every image counts the same. */
    NONE,
    /**
     * Inverse class frequency, as scikit-learn's {@code class_weight="balanced"}: images / (classes x images of
     * the class), counting only classes that have training images, so each class contributes equally in total.
     */
    BALANCED;

    public String code() {
        return EnumCodes.of(this);
    }

    public static ClassWeighting of(String code) {
        return EnumCodes.parse(ClassWeighting.class, code, "class weighting");
    }

    /**
     * Weights {@code network}'s loss by these class weights (nothing for {@link #NONE}).
     *
     * @return the weight of each label, in label order; empty when the loss stays unweighted
     */
    public Map<String, Double> applyTo(Model network, List<String> labels, List<DecodedImage> trainingImages) {
        Map<String, Double> byLabel = new LinkedHashMap<>();
        weights(labels, trainingImages).ifPresent(weights -> {
            Networks.weightClasses(network, weights);
            for (int i = 0; i < weights.length; i++) {
                byLabel.put(labels.get(i), weights[i]);
            }
        });
        return byLabel;
    }

    /**
     * One weight per label, in label order, from the training images; empty for {@link #NONE}. A label without
     * training images gets weight 1 (it never is a true label, so its weight never counts).
     */
    public Optional<double[]> weights(List<String> labels, List<DecodedImage> trainingImages) {
        if (this == NONE) {
            return Optional.empty();
        }
        int[] counts = new int[labels.size()];
        trainingImages.forEach(image -> counts[labels.indexOf(image.label())]++);
        long present = Arrays.stream(counts).filter(n -> n > 0).count();
        double[] weights = new double[labels.size()];
        for (int i = 0; i < counts.length; i++) {
            weights[i] = counts[i] == 0 ? 1 : (double) trainingImages.size() / (present * counts[i]);
        }
        return Optional.of(weights);
    }
}
