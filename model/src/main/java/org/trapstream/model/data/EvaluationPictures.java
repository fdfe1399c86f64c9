package org.trapstream.model.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.serving.Preprocessor;

/**
 * Evaluation images by their source ({@link DecodedImage#source}), as the network saw them: decoded and sized to
 * its input the way served images are ({@link Preprocessor#picture}), before normalisation. Only the few a grid
 * of mistakes shows are ever asked for.
 */
@FunctionalInterface
public interface EvaluationPictures {

    /** The picture of {@code source}; empty when it cannot be had (a file gone, or no longer decodable). */
    Optional<BufferedImage> of(String source);

    /** No pictures: a grid shows its captions over empty frames. */
    static EvaluationPictures none() {
        return source -> Optional.empty();
    }

    /** The pictures the evaluation already decoded. */
    static EvaluationPictures decoded(List<DecodedImage> images) {
        Map<String, BufferedImage> bySource = new HashMap<>();
        images.stream().filter(image -> image.source() != null)
            .forEach(image -> bySource.putIfAbsent(image.source(), image.image()));
        return source -> Optional.ofNullable(bySource.get(source));
    }

    /**
     * Each picture read again from its file and sized as {@code preprocessor} sizes it for the network, for paths
     * that kept only the network's outputs (features for a head, or an imported network's softmax rows).
     *
     * @param fileOf the file of a source
     */
    static EvaluationPictures reread(Function<String, Path> fileOf, Preprocessor preprocessor, ImageLimits limits) {
        return source -> {
            try {
                return Optional.of(preprocessor.picture(Files.readAllBytes(fileOf.apply(source)), limits));
            } catch (IOException | ImageRejectedException | IllegalArgumentException e) {
                return Optional.empty();
            }
        };
    }
}
