package org.trapstream.model.data;

import java.awt.image.BufferedImage;

/**
 * An image decoded once to the model's input size, kept in memory for every epoch, with its label, the site it
 * was taken at (which {@link Sampling#BALANCED} draws evenly) and where it came from.
 *
 * @param source how a version's metadata names it ({@link org.trapstream.model.eval.Misclassified#source}); null
 *               for a picture made in memory
 */
public record DecodedImage(BufferedImage image, String label, String site, String source) {

    /** A picture made in memory, whose site nobody said. */
    public DecodedImage(BufferedImage image, String label) {
        this(image, label, LabeledImage.UNKNOWN_SITE);
    }

    /** A picture made in memory. */
    public DecodedImage(BufferedImage image, String label, String site) {
        this(image, label, site, null);
    }
}
