package org.trapstream.model.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.RescaleOp;
import java.util.Random;

import io.vertx.core.json.JsonObject;

/**
 * Random, label-preserving changes to a sized training image, the ones the seed tutorials use with Keras'
 * {@code ImageDataGenerator}: horizontal flip, a small rotation, a zoom-in with a small shift, and a
 * brightness change. Applied per epoch to the cached, already-sized images, before normalisation; never to
 * validation, test or served images. Seeded and single-threaded, so a training run is reproducible.
 *
 * @param maxRotationDegrees rotation drawn uniformly from +-this
 * @param maxZoom            zoom factor drawn uniformly from [1, this] (1 = no zoom; it crops, never shrinks)
 * @param maxShift           shift of the centre, as a fraction of the side, drawn from +-this
 * @param maxBrightness      brightness factor drawn from [1 - this, 1 + this]
 */
public record Augmentation(boolean flip, double maxRotationDegrees, double maxZoom, double maxShift,
                           double maxBrightness) {

    /** Mild enough for small bee crops, where a bee is the whole picture. */
    public static final Augmentation STANDARD = new Augmentation(true, 15, 1.15, 0.08, 0.15);

    public JsonObject toJson() {
        return new JsonObject()
            .put("horizontal_flip", flip)
            .put("max_rotation_degrees", maxRotationDegrees)
            .put("max_zoom", maxZoom)
            .put("max_shift", maxShift)
            .put("max_brightness", maxBrightness);
    }

    /** A changed copy of {@code image} (TYPE_INT_RGB, same size); {@code image} is left untouched. */
    public BufferedImage apply(BufferedImage image, Random random) {
        int w = image.getWidth();
        int h = image.getHeight();
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
            g.drawImage(image, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            AffineTransform transform = new AffineTransform();
            transform.translate(w / 2.0 + dx, h / 2.0 + dy);
            transform.rotate(angle);
            transform.scale(zoom * mirror, zoom);
            transform.translate(-w / 2.0, -h / 2.0);
            g.drawImage(image, transform, null);
        } finally {
            g.dispose();
        }
        return new RescaleOp(brightness, 0, null).filter(out, null);
    }

    private static double uniform(Random random, double low, double high) {
        return high <= low ? low : low + random.nextDouble() * (high - low);
    }
}
