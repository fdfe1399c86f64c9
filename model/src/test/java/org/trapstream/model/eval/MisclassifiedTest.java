package org.trapstream.model.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MisclassifiedTest {

    private static final List<String> LABELS = List.of("ant", "bee", "wasp");

    /** Image i answers {@code answer} with probability {@code 0.4 + i / 100}, the rest split evenly. */
    private static float[] row(int answer, int i) {
        float top = 0.4f + i / 100f;
        float[] row = new float[LABELS.size()];
        for (int c = 0; c < row.length; c++) {
            row[c] = c == answer ? top : (1 - top) / (row.length - 1);
        }
        return row;
    }

    @Test
    void onlyMistakesAreKeptTheMostConfidentFirstAndNoMoreThanSixteen() {
        List<String> truths = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        float[][] rows = new float[40][];
        for (int i = 0; i < rows.length; i++) {
            int truth = i % LABELS.size();
            // The first 30 are wrong (the next class), the last 10 right; a moth, unknown to the model, is wrong too.
            truths.add(i == 0 ? "moth" : LABELS.get(truth));
            rows[i] = row(i < 30 ? (truth + 1) % LABELS.size() : truth, i);
            sources.add(String.format("%s/%03d.jpg", truths.get(i), i));
        }

        List<Misclassified> kept = Misclassified.mostConfident(LABELS, truths, rows, sources, 1.0);

        assertEquals(Misclassified.MAX_KEPT, kept.size());
        assertEquals(IntStream.iterate(29, i -> i - 1).limit(16).mapToObj(i -> sources.get(i)).toList(),
            kept.stream().map(Misclassified::source).toList(), "the most confident of the 30 mistakes, in order");
        for (Misclassified mistake : kept) {
            int i = sources.indexOf(mistake.source());
            assertEquals(truths.get(i), mistake.truth());
            assertEquals(LABELS.get((i % 3 + 1) % 3), mistake.predicted());
            assertEquals(0.4 + i / 100.0, mistake.confidence(), 1e-5);
        }
        assertTrue(Misclassified.mostConfident(LABELS, truths, rows, sources, 1.0).stream()
            .noneMatch(m -> m.truth().equals(m.predicted())));
        Misclassified moth = Misclassified.mostConfident(LABELS, truths.subList(0, 1),
            new float[][] {rows[0]}, sources.subList(0, 1), 1.0).get(0);
        assertEquals("moth", moth.truth(), "a class the model does not know is always a mistake");
    }

    @Test
    void theConfidenceIsTheOneTheCalibratedModelServes() {
        float[][] rows = {row(1, 50)};

        Misclassified softened = Misclassified.mostConfident(LABELS, List.of("ant"), rows, List.of("a.jpg"), 2.0)
            .get(0);

        assertEquals(TemperatureScaling.confidence(rows[0], 2.0), softened.confidence(), 1e-12);
        assertTrue(softened.confidence() < 0.9 && softened.confidence() > 1.0 / LABELS.size(),
            "T = 2 softens 0.9: " + softened.confidence());
    }

    @Test
    void theListRoundTripsThroughTheMetricsAndAnOlderVersionHasNone() {
        List<Misclassified> kept = List.of(new Misclassified("wasp/7.jpg", "wasp", "bee", 0.8),
            new Misclassified("ant/1.jpg", "ant", "wasp", 0.6));
        JsonObject metrics = new JsonObject().put(Misclassified.METRICS_KEY, Misclassified.toJson(kept));

        assertEquals(kept, Misclassified.of(new JsonObject(metrics.encode())));
        assertEquals(List.of(), Misclassified.of(new JsonObject().put("accuracy", 0.9)));
        List<Misclassified> tooMany = IntStream.range(0, 40)
            .mapToObj(i -> new Misclassified(i + ".jpg", "ant", "bee", 0.5)).toList();
        assertEquals(tooMany.subList(0, Misclassified.MAX_KEPT), Misclassified.of(new JsonObject()
            .put(Misclassified.METRICS_KEY, Misclassified.toJson(tooMany))), "a file's list is read no further");
    }

    @Test
    void rowsWithoutOneTruthAndOneSourceEachAreRefused() {
        float[][] rows = {row(0, 1), row(1, 2)};

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Misclassified.mostConfident(LABELS, List.of("ant", "bee"), rows, List.of("a.jpg"), 1.0));

        assertTrue(refused.getMessage().contains("2 rows, 2 truths, 1 sources"), refused.getMessage());
    }
}
