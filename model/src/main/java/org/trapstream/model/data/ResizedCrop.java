package org.trapstream.model.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

import io.vertx.core.json.JsonObject;

/**
 * Random resized crop (Szegedy et al. 2015, torchvision's {@code RandomResizedCrop}): a window covering a random
 * share of the image's area, of a random aspect ratio, scaled back to the full size. The animal is seen at other
 * scales and without the whole of the background it was photographed against.
 *
 * @param minScale smallest share of the area a window covers, in (0, 1]
 * @param maxScale largest share, in [minScale, 1]
 * @param minAspect smallest width / height of a window, in (0, maxAspect]
 * @param maxAspect largest width / height; the ratio is drawn uniformly on a log scale between the two
 */
public record ResizedCrop(double minScale, double maxScale, double minAspect, double maxAspect) {

    public ResizedCrop {
        if (!(minScale > 0) || !(minScale <= maxScale) || maxScale > 1) {
            throw new IllegalArgumentException("A crop's scale range must satisfy 0 < min <= max <= 1, got ["
                + minScale + ", " + maxScale + "]");
        }
        if (!(minAspect > 0) || !(minAspect <= maxAspect)) {
            throw new IllegalArgumentException("A crop's aspect range must satisfy 0 < min <= max, got ["
                + minAspect + ", " + maxAspect + "]");
        }
    }

    /** A window of {@code image} (TYPE_INT_RGB) resized to its full size; {@code image} is left untouched. */
    public BufferedImage apply(BufferedImage image, Random random) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = Augmentation.uniform(random, minScale, maxScale);
        double aspect = Math.exp(Augmentation.uniform(random, Math.log(minAspect), Math.log(maxAspect)));
        // A window wider or taller than the image is cut to it: at extreme ratios the share is then smaller.
        int cropWidth = (int) Math.max(1, Math.min(w, Math.round(w * Math.sqrt(scale * aspect))));
        int cropHeight = (int) Math.max(1, Math.min(h, Math.round(h * Math.sqrt(scale / aspect))));
        int x = random.nextInt(w - cropWidth + 1);
        int y = random.nextInt(h - cropHeight + 1);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, x, y, x + cropWidth, y + cropHeight, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    public JsonObject toJson() {
        return new JsonObject().put("min_scale", minScale).put("max_scale", maxScale).put("min_aspect", minAspect)
            .put("max_aspect", maxAspect);
    }
}
