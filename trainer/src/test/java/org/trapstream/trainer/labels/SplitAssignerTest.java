package org.trapstream.trainer.labels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitAssignerTest {

    private static final int IDS = 20_000;

    private static String[] randomIds(long seed) {
        Random random = new Random(seed);
        return IntStream.range(0, IDS).mapToObj(i -> {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }).toArray(String[]::new);
    }

    @Test
    void sameIdAlwaysLandsInTheSameSplit() {
        String[] ids = randomIds(1);
        SplitAssigner first = new SplitAssigner(10, 10, 0);
        SplitAssigner second = new SplitAssigner(10, 10, 0);
        for (String id : ids) {
            assertEquals(first.splitOf(id), second.splitOf(id), id);
            assertEquals(first.splitOf(id), first.splitOf(new String(id)), id);
        }
    }

    @Test
    void proportionsFollowThePercentages() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        SplitAssigner assigner = new SplitAssigner(15, 5, 0);
        for (String id : randomIds(2)) {
            counts.merge(assigner.splitOf(id), 1, Integer::sum);
        }
        assertEquals(0.80, counts.get(Split.TRAIN) / (double) IDS, 0.015, counts.toString());
        assertEquals(0.15, counts.get(Split.VALIDATION) / (double) IDS, 0.01, counts.toString());
        assertEquals(0.05, counts.get(Split.EVALUATION) / (double) IDS, 0.01, counts.toString());
    }

    @Test
    void changingTheValidationShareLeavesTheFrozenEvaluationSetAlone() {
        SplitAssigner before = new SplitAssigner(10, 10, 0);
        SplitAssigner after = new SplitAssigner(25, 10, 0);
        int evaluated = 0;
        for (String id : randomIds(3)) {
            boolean wasEvaluated = before.splitOf(id) == Split.EVALUATION;
            assertEquals(wasEvaluated, after.splitOf(id) == Split.EVALUATION, id);
            evaluated += wasEvaluated ? 1 : 0;
            if (before.splitOf(id) == Split.VALIDATION) {
                assertEquals(Split.VALIDATION, after.splitOf(id), "a larger validation share only takes from training");
            }
        }
        assertTrue(evaluated > IDS / 20, "some images are evaluated: " + evaluated);
    }

    @Test
    void refusesSplitsThatLeaveNothingToTrainOn() {
        assertThrows(IllegalArgumentException.class, () -> new SplitAssigner(50, 50, 0));
        assertThrows(IllegalArgumentException.class, () -> new SplitAssigner(-1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new SplitAssigner(10, 10, -1));
    }

    private static List<LabelRecord> records(int sites, int imagesPerSite) {
        Random random = new Random(sites);
        List<LabelRecord> records = new ArrayList<>();
        for (int site = 0; site < sites; site++) {
            for (int i = 0; i < imagesPerSite; i++) {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                records.add(new LabelRecord(HexFormat.of().formatHex(bytes), "deer", "ana", Instant.EPOCH,
                    LabelRecord.SOURCE_FEEDBACK, "cam-" + site));
            }
        }
        return records;
    }

    @Test
    void aSiteSplitNeverPutsOneCameraOnTwoSides() {
        SplitAssigner assigner = new SplitAssigner(15, 10, 20);
        SplitAssigner.Assignment assignment = assigner.assign(records(40, 25));

        assertEquals(SplitAssigner.Scheme.SITE, assignment.scheme());
        Map<String, Set<Split>> sidesOfCamera = new HashMap<>();
        assignment.parts().forEach((split, records) -> records.forEach(
            r -> sidesOfCamera.computeIfAbsent(r.site(), s -> EnumSet.noneOf(Split.class)).add(split)));
        assertEquals(40, sidesOfCamera.size());
        sidesOfCamera.forEach((camera, sides) -> assertEquals(1, sides.size(), camera + " is on " + sides));
        for (Split split : Split.values()) {
            assertFalse(assignment.of(split).isEmpty(), split + " holds whole cameras");
        }
    }

    @Test
    void fewSitesAreSplitByImageAndRecordsWithoutASiteAlwaysAre() {
        SplitAssigner assigner = new SplitAssigner(15, 10, 20);
        List<LabelRecord> fewCameras = records(5, 200);
        SplitAssigner.Assignment assignment = assigner.assign(fewCameras);

        assertEquals(SplitAssigner.Scheme.IMAGE, assignment.scheme(), "5 cameras are fewer than 20");
        long camerasEvaluated = assignment.of(Split.EVALUATION).stream().map(LabelRecord::site).distinct().count();
        assertEquals(5, camerasEvaluated, "every camera has some evaluation images under the image split");

        LabelRecord withoutSite = new LabelRecord(fewCameras.get(0).imageId(), "deer", "ana", Instant.EPOCH,
            LabelRecord.SOURCE_FEEDBACK, null);
        assertEquals(assigner.splitOf(withoutSite.imageId()), assigner.splitOf(withoutSite, SplitAssigner.Scheme.SITE));
        assertEquals(SplitAssigner.Scheme.IMAGE, new SplitAssigner(15, 10, 0).schemeFor(records(40, 2)),
            "0 never splits by site");
    }

    @Test
    void onceSplitBySiteMoreLabelsKeepEveryEvaluatedImageEvaluated() {
        SplitAssigner assigner = new SplitAssigner(15, 10, 20);
        List<LabelRecord> before = records(60, 5);
        List<LabelRecord> after = new ArrayList<>(before);
        after.addAll(records(90, 5));
        SplitAssigner.Assignment first = assigner.assign(before);
        SplitAssigner.Assignment later = assigner.assign(after);

        assertEquals(SplitAssigner.Scheme.SITE, first.scheme());
        assertEquals(SplitAssigner.Scheme.SITE, later.scheme());
        assertTrue(later.of(Split.EVALUATION).containsAll(first.of(Split.EVALUATION)));
    }
}
