package org.trapstream.model.train;

import java.awt.AWTError;
import java.io.IOException;
import java.nio.file.Path;

import org.deeplearning4j.nn.api.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.model.data.EvaluationPictures;
import org.trapstream.model.plot.Charts;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.engine.Dl4jEngine;

/**
 * A network trained (or calibrated) here, as the registry saves it: the network file (a DL4J network, an imported
 * network, or one with a head trained here), and the run's charts beside it for people.
 */
public final class TrainedVersion implements ModelRegistry.Contents {

    private static final Logger LOG = LoggerFactory.getLogger(TrainedVersion.class);

    private final ModelRegistry.Contents network;
    private final EvaluationPictures pictures;

    private TrainedVersion(ModelRegistry.Contents network, EvaluationPictures pictures) {
        this.network = network;
        this.pictures = pictures;
    }

    public static TrainedVersion of(Model network) {
        return of(Dl4jEngine.contents(network));
    }

    /** {@code network} writes the network file; the charts come from the saved metadata. */
    public static TrainedVersion of(ModelRegistry.Contents network) {
        return new TrainedVersion(network, EvaluationPictures.none());
    }

    /** This version with the evaluation images its grid of mistakes shows ({@link Charts#misclassified}). */
    public TrainedVersion showing(EvaluationPictures evaluationPictures) {
        return new TrainedVersion(network, evaluationPictures);
    }

    @Override
    public void writeModel(Path file) throws IOException {
        network.writeModel(file);
    }

    /**
     * Charts go in with the version, never after it is visible. A host that cannot draw (a JRE without fonts
     * raises errors from AWT) still saves the model, with a warning.
     */
    @Override
    public void writeExtras(ModelMetadata saved, Path directory) {
        try {
            Charts.writeModelCharts(saved, directory, pictures);
        } catch (RuntimeException | LinkageError | AWTError e) {
            LOG.warn("Saving {} without charts: {}", saved.version(), e.toString());
        }
    }
}
