package org.trapstream.model.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Function;

import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.serving.Preprocessor;

/**
 * A dataset decoded once to the model's input size and held in memory (64x64 RGB is 16 KB an image), so
 * epochs cost augmentation and arithmetic, not JPEG decoding.
 *
 * @param failures one line per image that could not be read or decoded, naming the file and the reason
 */
public record DecodedDataset(List<DecodedImage> images, List<String> failures) {

    public DecodedDataset {
        images = List.copyOf(images);
        failures = List.copyOf(failures);
    }

    /**
     * Decodes on all cores through {@link Preprocessor#decode}, the path served images take too; each image's
     * source is its path relative to the dataset's folder.
     */
    public static DecodedDataset decode(FolderDataset dataset, int inputSize, ImageLimits limits) {
        return decode(dataset, inputSize, limits, image -> dataset.relativeName(image.file()));
    }

    /** {@link #decode(FolderDataset, int, ImageLimits)} with each image's source named by {@code sourceOf}. */
    public static DecodedDataset decode(FolderDataset dataset, int inputSize, ImageLimits limits,
                                        Function<LabeledImage, String> sourceOf) {
        List<Outcome> outcomes = dataset.images().parallelStream()
            .map(image -> decodeOne(image, sourceOf.apply(image), inputSize, limits))
            .toList();
        return new DecodedDataset(
            outcomes.stream().filter(o -> o.image != null).map(Outcome::image).toList(),
            outcomes.stream().filter(o -> o.failure != null).map(Outcome::failure).toList());
    }

    public List<BufferedImage> pictures() {
        return images.stream().map(DecodedImage::image).toList();
    }

    private record Outcome(DecodedImage image, String failure) {
    }

    private static Outcome decodeOne(LabeledImage source, String name, int inputSize, ImageLimits limits) {
        try {
            BufferedImage sized = Preprocessor.decode(Files.readAllBytes(source.file()), inputSize, limits);
            return new Outcome(new DecodedImage(sized, source.label(), source.site(), name), null);
        } catch (IOException e) {
            return new Outcome(null, source.file() + ": cannot read: " + e.getMessage());
        } catch (ImageRejectedException e) {
            return new Outcome(null, source.file() + ": " + e.reason().code() + ": " + e.detail());
        }
    }
}
