package org.trapstream.trainer.labels;

import java.util.regex.Pattern;

/**
 * What a class label may look like. Labels become entries of a model's label list, CSV cells and metric-free
 * log lines, so they are kept to printable names: letters, digits, space and {@code _ - . ' ( ) +}, starting
 * and ending with a letter, digit or underscore, at most {@value #MAX_LENGTH} characters.
 */
public final class LabelNames {

    public static final int MAX_LENGTH = 100;

    private static final Pattern FORMAT = Pattern.compile("[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_ .'()+-]*[\\p{L}\\p{N}_.')+])?");

    public static boolean isValid(String label) {
        return label != null && label.length() <= MAX_LENGTH && FORMAT.matcher(label).matches();
    }

    private LabelNames() {
    }
}
