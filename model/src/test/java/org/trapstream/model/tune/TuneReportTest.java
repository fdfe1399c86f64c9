package org.trapstream.model.tune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.model.tune.TrialResult.Status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TuneReportTest {

    private static final Trial ONE = new Trial(1, 1e-3, SeedCnn.DEFAULT);
    private static final Trial TWO = new Trial(2, 3.16e-3, new SeedCnn(2, 8, 3, true, 0.1, 32, 1e-4));
    private static final Trial THREE = new Trial(3, 2e-4, SeedCnn.DEFAULT);

    private final TuneReport report = new TuneReport(List.of(
        new TrialResult(ONE, 0, 1, new Objective.Score(0.40, 0.60), 10.0, Status.PROMOTED),
        new TrialResult(TWO, 0, 1, new Objective.Score(0.55, 0.50), 11.0, Status.STOPPED),
        new TrialResult(ONE, 1, 3, new Objective.Score(0.50, 0.70), 20.0, Status.FINAL),
        new TrialResult(THREE, 0, 0, null, 0, Status.BUDGET)), new JsonObject().put("image_size", 32));

    @Test
    void theBestRowHasTheHighestMacroF1OfAnyRung() {
        assertEquals(TWO, report.best().orElseThrow().trial());
        JsonObject best = report.bestConfig().orElseThrow();
        assertEquals(2, best.getInteger("trial"));
        assertEquals(3.16e-3, best.getDouble("learning_rate"));
        assertEquals(1, best.getInteger("epochs"));
        assertEquals(0.55, best.getDouble("val_macro_f1"));
        assertEquals(TWO.architecture().toJson(), best.getJsonObject("architecture"));
        assertEquals(32, best.getJsonObject("search").getInteger("image_size"));
    }

    @Test
    void onATieTheLongerTrainedRowWins() {
        TuneReport tie = new TuneReport(List.of(
            new TrialResult(ONE, 0, 1, new Objective.Score(0.5, 0.5), 1, Status.PROMOTED),
            new TrialResult(TWO, 0, 1, new Objective.Score(0.5, 0.5), 1, Status.STOPPED),
            new TrialResult(ONE, 1, 3, new Objective.Score(0.5, 0.5), 1, Status.FINAL)), new JsonObject());
        assertEquals(3, tie.best().orElseThrow().epochs());
    }

    @Test
    void csvHasOneLinePerRowAndEmptyScoresForUntrainedRows() {
        List<String> lines = report.csv().lines().toList();
        assertEquals("trial,rung,epochs,learning_rate,dropout,conv_blocks,base_filters,dense,val_macro_f1,"
            + "val_accuracy,seconds,status", lines.get(0));
        assertEquals(5, lines.size());
        assertEquals("2,0,1,0.00316,0.10,2,8,32,0.550000,0.500000,11.000,stopped", lines.get(2));
        assertEquals("3,0,0,0.0002,0.25,3,16,64,,,0.000,budget", lines.get(4));
    }

    @Test
    void theTableMarksTheBestRow() {
        List<String> lines = report.table().lines().toList();
        assertEquals(5, lines.size());
        assertTrue(lines.get(0).startsWith("TRIAL"), lines.get(0));
        assertTrue(lines.get(2).endsWith("stopped *"), lines.get(2));
        List<String> untrained = List.of(lines.get(4).trim().split("\\s+"));
        assertEquals(List.of("-", "-"), untrained.subList(8, 10), "no scores: " + lines.get(4));
        assertEquals("budget", untrained.get(11));
    }

    @Test
    void writesTheCsvAndTheBestConfiguration(@TempDir Path dir) throws IOException {
        report.writeTo(dir.resolve("out"));

        assertEquals(report.csv(), Files.readString(dir.resolve("out").resolve(TuneReport.RESULTS_FILE)));
        assertEquals(report.bestConfig().orElseThrow(),
            new JsonObject(Files.readString(dir.resolve("out").resolve(TuneReport.BEST_FILE))));
    }

    @Test
    void withoutAScoredRowThereIsNoBestConfiguration(@TempDir Path dir) {
        TuneReport nothing = new TuneReport(List.of(new TrialResult(ONE, 0, 0, null, 0, Status.BUDGET)),
            new JsonObject());
        nothing.writeTo(dir);
        assertTrue(nothing.best().isEmpty());
        assertTrue(Files.exists(dir.resolve(TuneReport.RESULTS_FILE)));
        assertFalse(Files.exists(dir.resolve(TuneReport.BEST_FILE)));
    }
}
