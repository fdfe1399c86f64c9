package org.trapstream.model.data;

import java.awt.image.BufferedImage;

/** An image decoded once to the model's input size, kept in memory for every epoch, with its label. */
public record DecodedImage(BufferedImage image, String label) {
}
