package org.trapstream.model.arch;

import java.nio.file.Path;

import io.vertx.core.json.JsonObject;

/**
 * Which network a training run starts from: an architecture with random weights, or a DL4J model file an operator
 * provides (e.g. a zoo network's ImageNet weights, downloaded elsewhere), whose classifier is replaced for the run's
 * labels. Nothing is ever downloaded.
 *
 * @param architecture   the family; with {@code weights} it names what the file holds, for the metadata
 * @param weights        a ModelSerializer zip to start from, or {@code null} for random initialisation
 * @param freezeFeatures with {@code weights}: train only the new classifier, keeping every layer before it fixed
 */
public record NetworkSpec(Architecture architecture, Path weights, boolean freezeFeatures) {

    /** The default: the seed CNN from random weights. */
    public static final NetworkSpec SEED_CNN = new NetworkSpec(Architecture.SEED_CNN, null, false);

    public NetworkSpec {
        if (architecture == null) {
            throw new IllegalArgumentException("A network needs an architecture");
        }
        if (freezeFeatures && weights == null) {
            throw new IllegalArgumentException("Freezing features needs trained weights (--weights FILE)");
        }
    }

    /**
     * A new network for {@code inputSize}x{@code inputSize} RGB images and {@code classes} outputs, trained with
     * Adam at {@code learningRate}; the same seed gives the same initial weights.
     *
     * @param seedCnn the seed CNN's hyperparameters, used when the architecture is {@link Architecture#SEED_CNN}
     */
    public BuiltNetwork build(SeedCnn seedCnn, int inputSize, int classes, double learningRate, long seed) {
        if (inputSize < architecture.minInputSize()) {
            throw new IllegalArgumentException(architecture.code() + " needs inputs of at least "
                + architecture.minInputSize() + " px, not " + inputSize + " (trainer.image.size)");
        }
        if (weights != null) {
            return ZooNetworks.fromWeights(weights, architecture, inputSize, classes, freezeFeatures, learningRate, seed);
        }
        if (architecture == Architecture.SEED_CNN) {
            return new BuiltNetwork(seedCnn.build(inputSize, classes, learningRate, seed), seedCnn.toJson());
        }
        return ZooNetworks.randomInit(architecture, inputSize, classes, learningRate, seed);
    }

    /** For the run's options in the metadata. */
    public JsonObject toJson() {
        return new JsonObject()
            .put("architecture", architecture.code())
            .put("weights", weights == null ? null : weights.toString())
            .put("freeze_features", freezeFeatures);
    }
}
