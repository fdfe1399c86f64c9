package org.trapstream.model.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.RescaleOp;
import java.util.Random;

import io.vertx.core.json.JsonObject;

/**
 * Random, label-preserving changes to a sized training image: the ones the seed tutorials use with Keras'
 * {@code ImageDataGenerator} (horizontal flip, a small rotation, a zoom-in with a small shift, a brightness
 * change), and, each optional, the measures against learning a site instead of an animal: a random resized crop, a
 * colour jitter, and greyscale as night infrared frames are. Applied per epoch to the cached, already-sized
 * images, before normalisation; never to validation, test or served images. Seeded and single-threaded, so a
 * training run is reproducible.
 *
 * @param maxRotationDegrees   rotation drawn uniformly from +-this
 * @param maxZoom              zoom factor drawn uniformly from [1, this] (1 = no zoom; it crops, never shrinks)
 * @param maxShift             shift of the centre, as a fraction of the side, drawn from +-this
 * @param maxBrightness        brightness factor drawn from [1 - this, 1 + this]
 * @param crop                 applied first, before the other changes; {@code null} for none
 * @param colour               applied after the geometric changes; {@code null} for none
 * @param greyscaleProbability chance that an image, last of all, loses its colour (its BT.601 grey in every
 *                             channel)
 */
public record Augmentation(boolean flip, double maxRotationDegrees, double maxZoom, double maxShift,
                           double maxBrightness, ResizedCrop crop, ColourJitter colour, double greyscaleProbability) {

    /** Mild enough for small bee crops, where a bee is the whole picture. */
    public static final Augmentation STANDARD = new Augmentation(true, 15, 1.15, 0.08, 0.15);
    /** No change: the base of the site measures when the standard changes are off. */
    public static final Augmentation NONE = new Augmentation(false, 0, 1, 0, 0);

    public Augmentation {
        if (!(greyscaleProbability >= 0 && greyscaleProbability <= 1)) {
            throw new IllegalArgumentException("The greyscale probability must be in [0, 1]: " + greyscaleProbability);
        }
    }

    /** The standard changes alone, without the site measures. */
    public Augmentation(boolean flip, double maxRotationDegrees, double maxZoom, double maxShift,
                        double maxBrightness) {
        this(flip, maxRotationDegrees, maxZoom, maxShift, maxBrightness, null, null, 0);
    }

    /** These changes with the site measures given (each {@code null} or 0 for none). */
    public Augmentation with(ResizedCrop otherCrop, ColourJitter otherColour, double otherGreyscaleProbability) {
        return new Augmentation(flip, maxRotationDegrees, maxZoom, maxShift, maxBrightness, otherCrop, otherColour,
            otherGreyscaleProbability);
    }

    /** Whether {@link #apply} can return anything but the image itself. */
    public boolean changesImages() {
        return !equals(NONE);
    }

    public JsonObject toJson() {
        return new JsonObject()
            .put("horizontal_flip", flip)
            .put("max_rotation_degrees", maxRotationDegrees)
            .put("max_zoom", maxZoom)
            .put("max_shift", maxShift)
            .put("max_brightness", maxBrightness)
            .put("random_resized_crop", crop == null ? null : crop.toJson())
            .put("colour_jitter", colour == null ? null : colour.toJson())
            .put("greyscale_probability", greyscaleProbability);
    }

    /** A changed copy of {@code image} (TYPE_INT_RGB, same size); {@code image} is left untouched. */
    public BufferedImage apply(BufferedImage image, Random random) {
        BufferedImage source = crop == null ? image : crop.apply(image, random);
        int w = source.getWidth();
        int h = source.getHeight();
        double angle = Math.toRadians(uniform(random, -maxRotationDegrees, maxRotationDegrees));
        double zoom = uniform(random, 1, maxZoom);
        double mirror = flip && random.nextBoolean() ? -1 : 1;
        double dx = uniform(random, -maxShift, maxShift) * w;
        double dy = uniform(random, -maxShift, maxShift) * h;
        float brightness = (float) uniform(random, 1 - maxBrightness, 1 + maxBrightness);

        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            // Corners uncovered by the rotation show the unrotated image rather than black, close to Keras'
            // fill_mode="nearest", so the network does not learn that black corners mean "training".
            g.drawImage(source, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            AffineTransform transform = new AffineTransform();
            transform.translate(w / 2.0 + dx, h / 2.0 + dy);
            transform.rotate(angle);
            transform.scale(zoom * mirror, zoom);
            transform.translate(-w / 2.0, -h / 2.0);
            g.drawImage(source, transform, null);
        } finally {
            g.dispose();
        }
        BufferedImage changed = new RescaleOp(brightness, 0, null).filter(out, null);
        if (colour != null) {
            changed = colour.apply(changed, random);
        }
        return greyscaleProbability > 0 && random.nextDouble() < greyscaleProbability ? greyscale(changed) : changed;
    }

    /** {@code image} as a greyscale camera (a trap's infrared night mode) records it, in three equal channels. */
    static BufferedImage greyscale(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < pixels.length; i++) {
            double grey = ColourJitter.grey((pixels[i] >> 16) & 0xFF, (pixels[i] >> 8) & 0xFF, pixels[i] & 0xFF);
            pixels[i] = ColourJitter.rgb(grey, grey, grey);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, pixels, 0, w);
        return out;
    }

    static double uniform(Random random, double low, double high) {
        return high <= low ? low : low + random.nextDouble() * (high - low);
    }
}
