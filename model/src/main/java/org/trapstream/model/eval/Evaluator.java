package org.trapstream.model.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Accumulates (true label, predicted label) pairs and scores them. A true label the model does not know
 * (a class added to the data after training) is simply never predicted: its images count as wrong, and it
 * appears in the per-class scores with recall 0 and in the confusion matrix.
 */
public final class Evaluator {

    private final List<String> modelLabels;
    private final Map<String, Map<String, Integer>> confusion = new HashMap<>();
    private int images;
    private int correct;

    public Evaluator(List<String> modelLabels) {
        this.modelLabels = List.copyOf(modelLabels);
    }

    public void add(String trueLabel, String predictedLabel) {
        confusion.computeIfAbsent(trueLabel, t -> new HashMap<>()).merge(predictedLabel, 1, Integer::sum);
        images++;
        if (trueLabel.equals(predictedLabel)) {
            correct++;
        }
    }

    /**
     * Scores so far. Per-class scores cover the model's labels and every true label seen; macro-F1 averages
     * the classes that occur as a true or a predicted label (as scikit-learn does). A class never predicted
     * has precision 0.
     */
    public EvaluationSummary summary() {
        List<String> classes = new ArrayList<>(modelLabels);
        new TreeSet<>(confusion.keySet()).stream().filter(l -> !modelLabels.contains(l)).forEach(classes::add);

        Map<String, Integer> predictedCounts = new HashMap<>();
        confusion.values().forEach(row -> row.forEach((pred, n) -> predictedCounts.merge(pred, n, Integer::sum)));

        Map<String, EvaluationSummary.ClassScores> perClass = new LinkedHashMap<>();
        double f1Sum = 0;
        int f1Classes = 0;
        for (String label : classes) {
            Map<String, Integer> row = confusion.getOrDefault(label, Map.of());
            int support = row.values().stream().mapToInt(Integer::intValue).sum();
            int truePositives = row.getOrDefault(label, 0);
            int predicted = predictedCounts.getOrDefault(label, 0);
            double precision = predicted == 0 ? 0 : (double) truePositives / predicted;
            double recall = support == 0 ? 0 : (double) truePositives / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.put(label, new EvaluationSummary.ClassScores(precision, recall, f1, support));
            if (support > 0 || predicted > 0) {
                f1Sum += f1;
                f1Classes++;
            }
        }

        Map<String, Map<String, Integer>> matrix = new LinkedHashMap<>();
        for (String label : classes) {
            Map<String, Integer> row = confusion.get(label);
            if (row != null) {
                Map<String, Integer> ordered = new LinkedHashMap<>();
                classes.stream().filter(row::containsKey).forEach(pred -> ordered.put(pred, row.get(pred)));
                matrix.put(label, ordered);
            }
        }
        return new EvaluationSummary(images, images == 0 ? 0 : (double) correct / images,
            f1Classes == 0 ? 0 : f1Sum / f1Classes, perClass, matrix);
    }
}
