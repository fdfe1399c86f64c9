package org.trapstream.model;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trapstream.common.image.ImageDecoder;
import org.trapstream.common.image.ImageHead;
import org.trapstream.common.image.ImageLimits;

/**
 * Turns an image into the network's input, identically for training, evaluation and serving: decode with
 * {@link ImageDecoder} to input_size x input_size RGB (EXIF orientation applied, aspect ratio stretched), then
 * per channel x = (pixel / 255 - mean[c]) / std[c], laid out channel-first (CHW) as DL4J's NCHW convolutions
 * expect. Stateless and thread-safe.
 */
public final class Preprocessor {

    private final int size;
    private final float[] scale = new float[ModelMetadata.RGB];
    private final float[] offset = new float[ModelMetadata.RGB];

    public Preprocessor(ModelMetadata metadata) {
        this(metadata.inputSize(), metadata.mean(), metadata.std());
    }

    /** For a model still being trained: its side and the statistics of its training images (0..1 scale). */
    public Preprocessor(int inputSize, List<Double> mean, List<Double> std) {
        if (mean.size() != ModelMetadata.RGB || std.size() != ModelMetadata.RGB) {
            throw new IllegalArgumentException("Need 3 channel means and stds, got " + mean + " and " + std);
        }
        this.size = inputSize;
        // (p / 255 - m) / s == p * (1 / (255 s)) - m / s: one multiply-add per value.
        for (int c = 0; c < ModelMetadata.RGB; c++) {
            scale[c] = (float) (1.0 / (255.0 * std.get(c)));
            offset[c] = (float) (mean.get(c) / std.get(c));
        }
    }

    /**
     * The one decoding path of Trapstream: every image a model sees, in training or in service, is sized by
     * this call.
     *
     * @throws org.trapstream.common.image.ImageRejectedException when the bytes are not a usable image
     */
    public static BufferedImage decode(byte[] imageBytes, int inputSize, ImageLimits limits) {
        return ImageDecoder.decode(imageBytes, inputSize, inputSize, limits);
    }

    public int inputSize() {
        return size;
    }

    /** Decodes, sizes and normalises; throws {@code ImageRejectedException} for unusable bytes. */
    public float[] preprocess(byte[] imageBytes, ImageLimits limits) {
        return prepare(imageBytes, limits).values();
    }

    /** As {@link #preprocess(byte[], ImageLimits)}, saying also whether the EXIF thumbnail or the frame was decoded. */
    public Input prepare(byte[] imageBytes, ImageLimits limits) {
        ImageDecoder.Decoded decoded = ImageDecoder.read(imageBytes, size, size, limits);
        return new Input(preprocess(decoded.image()), decoded.source());
    }

    /**
     * As {@link #prepare} from the head of an image file whose whole was probed at {@code frameWidth} x
     * {@code frameHeight}, when its EXIF thumbnail can be decoded instead of the frame
     * ({@link ImageDecoder#readThumbnail}); empty when the whole file is needed.
     */
    public Optional<Input> prepareFromThumbnail(ImageHead head, int frameWidth, int frameHeight, ImageLimits limits) {
        return ImageDecoder.readThumbnail(head, frameWidth, frameHeight, size, size, limits)
            .map(decoded -> new Input(preprocess(decoded.image()), decoded.source()));
    }

    /** The network's input for one image, and what its pixels were decoded from. */
    public record Input(float[] values, ImageDecoder.Source source) {
    }

    /** Normalises an image already sized to input_size x input_size (e.g. decoded once, then augmented). */
    public float[] preprocess(BufferedImage sized) {
        if (sized.getWidth() != size || sized.getHeight() != size) {
            throw new IllegalArgumentException("Expected a " + size + "x" + size + " image, got "
                + sized.getWidth() + "x" + sized.getHeight());
        }
        int plane = size * size;
        int[] rgb = sized.getRGB(0, 0, size, size, null, 0, size);
        float[] chw = new float[ModelMetadata.RGB * plane];
        for (int i = 0; i < plane; i++) {
            int pixel = rgb[i];
            chw[i] = ((pixel >> 16) & 0xFF) * scale[0] - offset[0];
            chw[plane + i] = ((pixel >> 8) & 0xFF) * scale[1] - offset[1];
            chw[2 * plane + i] = (pixel & 0xFF) * scale[2] - offset[2];
        }
        return chw;
    }

    /** Stacks preprocessed images into one [n, 3, size, size] batch. */
    public INDArray stack(List<float[]> images) {
        int length = ModelMetadata.RGB * size * size;
        float[] batch = new float[images.size() * length];
        for (int i = 0; i < images.size(); i++) {
            float[] image = images.get(i);
            if (image.length != length) {
                throw new IllegalArgumentException("Image " + i + " has " + image.length + " values, expected " + length);
            }
            System.arraycopy(image, 0, batch, i * length, length);
        }
        return Nd4j.create(batch, new long[] {images.size(), ModelMetadata.RGB, size, size}, 'c');
    }
}
