package org.trapstream.serving;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

import org.trapstream.image.Decoding;
import org.trapstream.image.ImageDecoder;
import org.trapstream.image.ImageHead;
import org.trapstream.image.ImageInfo;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageProbe;
import org.trapstream.serving.NetworkIo.Layout;
import org.trapstream.serving.NetworkIo.Resize;
import org.trapstream.serving.engine.InputBatch;

/**
 * Turns an image into the network's input, identically for training, evaluation and serving: decode with
 * {@link ImageDecoder} (EXIF orientation applied) to the input size, exactly as Pillow does or fast as the version
 * says, fitted as it says (stretched, letterboxed or centre-cropped), then per channel x = (value / scale - mean[c]) / std[c], in the version's colour
 * order and layout (channel-first for DL4J and PyTorch exports). Stateless and thread-safe.
 */
public final class Preprocessor {

    private final int size;
    private final NetworkIo io;
    private final float[] multiplier = new float[ModelMetadata.RGB];
    private final float[] offset = new float[ModelMetadata.RGB];

    public Preprocessor(ModelMetadata metadata) {
        this(metadata.inputSize(), metadata.mean(), metadata.std(), metadata.network());
    }

    /** For a model still being trained here: its side and the statistics of its training images (0..1 scale). */
    public Preprocessor(int inputSize, List<Double> mean, List<Double> std) {
        this(inputSize, mean, std, NetworkIo.DL4J);
    }

    private Preprocessor(int inputSize, List<Double> mean, List<Double> std, NetworkIo io) {
        if (mean.size() != ModelMetadata.RGB || std.size() != ModelMetadata.RGB) {
            throw new IllegalArgumentException("Need 3 channel means and stds, got " + mean + " and " + std);
        }
        this.size = inputSize;
        this.io = io;
        // (v / scale - m) / s == v * (1 / (scale s)) - m / s: one multiply-add per value.
        for (int c = 0; c < ModelMetadata.RGB; c++) {
            multiplier[c] = (float) (1.0 / (io.scale() * std.get(c)));
            offset[c] = (float) (mean.get(c) / std.get(c));
        }
    }

    /**
     * The decoding path of the networks trained here (stretched to a square): every image they see, in
     * training or in service, is sized by this call.
     *
     * @throws org.trapstream.image.ImageRejectedException when the bytes are not a usable image
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
        ImageDecoder.Decoded decoded = read(imageBytes, limits);
        return new Input(preprocess(square(decoded.image())), decoded.source());
    }

    /**
     * The picture the network is fed for these bytes, as {@link #prepare} sizes it, before normalisation (to show
     * people what it saw).
     */
    public BufferedImage picture(byte[] imageBytes, ImageLimits limits) {
        return square(read(imageBytes, limits).image());
    }

    private ImageDecoder.Decoded read(byte[] imageBytes, ImageLimits limits) {
        Fit fit = new Fit(size, size);
        if (io.resize() != Resize.STRETCH) {
            ImageInfo frame = ImageProbe.probe(imageBytes, limits);
            fit = fit(frame.width(), frame.height());
        }
        return ImageDecoder.read(imageBytes, fit.width(), fit.height(), limits, io.decoding());
    }

    /**
     * As {@link #prepare} from the head of an image file whose whole was probed at {@code frameWidth} x
     * {@code frameHeight} (upright), when its EXIF thumbnail can be decoded instead of the frame
     * ({@link ImageDecoder#readThumbnail}); empty when the whole file is needed, as it always is for
     * {@link Decoding#EXACT} decoding.
     */
    public Optional<Input> prepareFromThumbnail(ImageHead head, int frameWidth, int frameHeight, ImageLimits limits) {
        if (io.decoding() == Decoding.EXACT) {
            return Optional.empty();
        }
        Fit fit = fit(frameWidth, frameHeight);
        return ImageDecoder.readThumbnail(head, frameWidth, frameHeight, fit.width(), fit.height(), limits)
            .map(decoded -> new Input(preprocess(square(decoded.image())), decoded.source()));
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
        float[] values = new float[ModelMetadata.RGB * plane];
        boolean bgr = io.color() == NetworkIo.ColorOrder.BGR;
        boolean channelsLast = io.layout() == Layout.NHWC;
        for (int i = 0; i < plane; i++) {
            int pixel = rgb[i];
            for (int c = 0; c < ModelMetadata.RGB; c++) {
                int shift = 16 - 8 * (bgr ? 2 - c : c);
                float value = ((pixel >> shift) & 0xFF) * multiplier[c] - offset[c];
                values[channelsLast ? i * ModelMetadata.RGB + c : c * plane + i] = value;
            }
        }
        return values;
    }

    /** Stacks preprocessed images into one batch in the network's layout. */
    public InputBatch stack(List<float[]> images) {
        int length = ModelMetadata.RGB * size * size;
        float[] batch = new float[images.size() * length];
        for (int i = 0; i < images.size(); i++) {
            float[] image = images.get(i);
            if (image.length != length) {
                throw new IllegalArgumentException("Image " + i + " has " + image.length + " values, expected " + length);
            }
            System.arraycopy(image, 0, batch, i * length, length);
        }
        long n = images.size();
        long[] shape = io.layout() == Layout.NHWC ? new long[] {n, size, size, ModelMetadata.RGB}
            : new long[] {n, ModelMetadata.RGB, size, size};
        return new InputBatch(batch, shape);
    }

    /** A generated image of the input size (a colour gradient), preprocessed: what a version's smoke test feeds. */
    public static float[] smokeImage(ModelMetadata metadata) {
        int side = metadata.inputSize();
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 40), side, side, new Color(200, 180, 120)));
        g.fillRect(0, 0, side, side);
        g.dispose();
        return new Preprocessor(metadata).preprocess(image);
    }

    /**
     * The size to decode a frame of this upright size to, before {@link #square} makes it the input's square. A
     * centre crop sizes as torchvision's {@code Resize(size)} does (the shorter side to the input's, the longer one
     * scaled and truncated), so that the exact decode gives what {@code Resize} and {@code CenterCrop} give.
     */
    private Fit fit(int frameWidth, int frameHeight) {
        if (io.resize() == Resize.STRETCH) {
            return new Fit(size, size);
        }
        if (io.resize() == Resize.CENTER_CROP) {
            int shorter = Math.min(frameWidth, frameHeight);
            int longer = Math.max(1, (int) ((double) size * Math.max(frameWidth, frameHeight) / shorter));
            return frameWidth <= frameHeight ? new Fit(size, longer) : new Fit(longer, size);
        }
        double scale = (double) size / Math.max(frameWidth, frameHeight);
        return new Fit(Math.max(1, (int) Math.round(frameWidth * scale)),
            Math.max(1, (int) Math.round(frameHeight * scale)));
    }

    private record Fit(int width, int height) {
    }

    /** Where torchvision's {@code CenterCrop} starts along a side of this length: half the excess, rounded half to even. */
    private int cropOffset(int length) {
        return (int) Math.rint((length - size) / 2.0);
    }

    /** The decoded image as the input's square: itself, its centre, or itself on black (letterbox). */
    private BufferedImage square(BufferedImage decoded) {
        int width = decoded.getWidth();
        int height = decoded.getHeight();
        if (width == size && height == size) {
            return decoded;
        }
        if (io.resize() == Resize.CENTER_CROP) {
            return decoded.getSubimage(cropOffset(width), cropOffset(height), size, size);
        }
        BufferedImage boxed = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = boxed.createGraphics();
        g.drawImage(decoded, (size - width) / 2, (size - height) / 2, null);
        g.dispose();
        return boxed;
    }
}
