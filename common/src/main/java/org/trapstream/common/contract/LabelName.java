package org.trapstream.common.contract;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for class label names, applied where labels enter the system (the dashboard's feedback API, the
 * trainer's feedback intake and dataset import). Labels become a model's class names, CSV cells, page text and
 * log lines, so they are kept to plain ASCII: letters, digits, space and {@code _ . -}, starting with a letter,
 * digit or underscore, ending with one of those or a dot, at most {@value #MAX_LENGTH} characters.
 */
public final class LabelName {

    public static final int MAX_LENGTH = 64;
    /** The label of a frame with no animal in it, as labelers give it and exports read it by default. */
    public static final String EMPTY = "empty";

    /** The rule in words, for error messages and API documentation. */
    public static final String RULE = "a label is 1 to " + MAX_LENGTH + " ASCII letters, digits, spaces or _ . -"
        + " characters, starting with a letter, digit or _ and ending with one of those or a dot";

    private static final Pattern FORMAT =
        Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9 _.-]{0," + (MAX_LENGTH - 2) + "}[A-Za-z0-9_.])?");

    public static boolean isValid(String label) {
        return problem(label).isEmpty();
    }

    /** What is wrong with {@code label}, in a sentence that names the rule; empty when it is a valid label name. */
    public static Optional<String> problem(String label) {
        if (label == null || label.isEmpty()) {
            return Optional.of("the label is empty: " + RULE);
        }
        if (label.length() > MAX_LENGTH) {
            // Not echoed: an overlong label may be arbitrarily large.
            return Optional.of("the label is " + label.length() + " characters long: " + RULE);
        }
        if (!FORMAT.matcher(label).matches()) {
            return Optional.of("the label '" + label + "' is not allowed: " + RULE);
        }
        return Optional.empty();
    }

    private LabelName() {
    }
}
