package org.trapstream.model.data;

import java.awt.image.BufferedImage;

/**
 * An image decoded once to the model's input size, kept in memory for every epoch, with its label and the site it
 * was taken at (which {@link Sampling#BALANCED} draws evenly).
 */
public record DecodedImage(BufferedImage image, String label, String site) {

    /** An image whose site nobody said. */
    public DecodedImage(BufferedImage image, String label) {
        this(image, label, LabeledImage.UNKNOWN_SITE);
    }
}
