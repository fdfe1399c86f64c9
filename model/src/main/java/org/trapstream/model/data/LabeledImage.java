package org.trapstream.model.data;

import java.nio.file.Path;

/** An image file, the class its folder names, and the site it was taken at (see {@link Sites}). */
public record LabeledImage(Path file, String label, String site) {

    /** The site of an image nobody said where it was taken. */
    public static final String UNKNOWN_SITE = "unknown";

    public LabeledImage(Path file, String label) {
        this(file, label, UNKNOWN_SITE);
    }
}
