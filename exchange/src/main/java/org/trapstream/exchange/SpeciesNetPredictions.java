package org.trapstream.exchange;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A SpeciesNet {@code predictions.json} ({@code run_model}'s output): {@code predictions}, one per image, each with
 * its {@code filepath}, the ensemble's {@code prediction} (a taxonomy string {@code id;class;order;family;genus;
 * species;common name}) and {@code prediction_score}, the classifier's top {@code classifications} ({@code classes}
 * and {@code scores}, most confident first), {@code failures} naming the parts that failed, and the
 * {@code model_version}. An image is known by the common name its taxonomy string ends in ({@code blank},
 * {@code animal}, {@code human}, {@code white-tailed deer}, ...).
 *
 * <p>{@link #parse} checks all of it and refuses a file with the first problem, named by its place in the file, so
 * that nothing is taken from a file that does not hold.
 */
public record SpeciesNetPredictions(List<Image> images) {

    /** The common name SpeciesNet gives an image with nothing in it. */
    public static final String BLANK = "blank";
    private static final int TAXONOMY_TOKENS = 7;

    /**
     * One image: its path, the ensemble's common name and score (null and NaN when it failed), the classifier's top
     * classes by common name with their scores, and the model version.
     */
    public record Image(String filepath, String prediction, double score, List<Score> classifications,
                        String modelVersion) {

        public boolean failed() {
            return prediction == null;
        }
    }

    public record Score(String name, double score) {
    }

    /** Whether {@code root} is a SpeciesNet predictions file rather than another JSON format. */
    public static boolean isPredictionsFile(JsonObject root) {
        return root.getValue("predictions") instanceof JsonArray && !root.containsKey("images");
    }

    /** Checks and reads a predictions file; {@link IllegalArgumentException} names the first problem. */
    public static SpeciesNetPredictions parse(JsonObject root) {
        if (!(root.getValue("predictions") instanceof JsonArray predictions)) {
            throw new IllegalArgumentException("predictions: required, a list");
        }
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            images.add(image(predictions.getValue(i), "predictions[" + i + "]"));
        }
        return new SpeciesNetPredictions(List.copyOf(images));
    }

    private static Image image(Object value, String where) {
        if (!(value instanceof JsonObject prediction)) {
            throw new IllegalArgumentException(where + ": must be an object");
        }
        if (!(prediction.getValue("filepath") instanceof String filepath) || filepath.isBlank()) {
            throw new IllegalArgumentException(where + ".filepath: must be a file name");
        }
        String version = prediction.getValue("model_version") instanceof String v ? v : null;
        List<Score> classifications = new ArrayList<>();
        if (prediction.getValue("classifications") != null) {
            if (!(prediction.getValue("classifications") instanceof JsonObject table)
                || !(table.getValue("classes") instanceof JsonArray classes)
                || !(table.getValue("scores") instanceof JsonArray scores) || classes.size() != scores.size()) {
                throw new IllegalArgumentException(where + ".classifications: must hold classes and as many scores");
            }
            for (int c = 0; c < classes.size(); c++) {
                classifications.add(new Score(commonName(classes.getValue(c), where + ".classifications.classes[" + c
                    + "]"), score(scores.getValue(c), where + ".classifications.scores[" + c + "]")));
            }
        }
        if (prediction.getValue("prediction") == null) {
            return new Image(filepath, null, Double.NaN, List.copyOf(classifications), version);
        }
        return new Image(filepath, commonName(prediction.getValue("prediction"), where + ".prediction"),
            score(prediction.getValue("prediction_score"), where + ".prediction_score"), List.copyOf(classifications),
            version);
    }

    private static String commonName(Object value, String where) {
        String[] tokens = value instanceof String text ? text.split(";", -1) : new String[0];
        if (tokens.length != TAXONOMY_TOKENS || tokens[TAXONOMY_TOKENS - 1].isBlank()) {
            throw new IllegalArgumentException(where + ": must be a taxonomy string of " + TAXONOMY_TOKENS
                + " parts ending in a common name, not " + value);
        }
        return tokens[TAXONOMY_TOKENS - 1].strip();
    }

    private static double score(Object value, String where) {
        if (!(value instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
            throw new IllegalArgumentException(where + ": must be a score from 0 to 1, not " + value);
        }
        return n.doubleValue();
    }
}
