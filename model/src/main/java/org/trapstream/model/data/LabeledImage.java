package org.trapstream.model.data;

import java.nio.file.Path;

/** An image file and the class its folder names. */
public record LabeledImage(Path file, String label) {
}
