package org.trapstream.trainer.labels;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.ImageIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelStoreTest {

    private static final String CAT = ImageIds.of("cat.jpg".getBytes(StandardCharsets.UTF_8));
    private static final String DEER = ImageIds.of("deer.jpg".getBytes(StandardCharsets.UTF_8));

    private static LabelRecord label(String id, String label, String labeler, int second) {
        return new LabelRecord(id, label, labeler, Instant.ofEpochSecond(1_700_000_000L + second),
            LabelRecord.SOURCE_FEEDBACK, "cam-1");
    }

    @Test
    void lastLabelOfAnImageWinsAndEveryLabelStaysInTheLog(@TempDir Path dir) throws Exception {
        try (LabelStore store = LabelStore.open(dir)) {
            store.append(List.of(label(CAT, "leopard_cat", "ana", 1), label(DEER, "mouse_deer", "ana", 2)));
            store.append(List.of(label(CAT, "civet", "ben", 3)));

            assertEquals("civet", store.latest(CAT).orElseThrow().label());
            assertEquals("ben", store.latest(CAT).orElseThrow().labeler());
            assertEquals(2, store.labelledImages());
            assertEquals(3, store.logPosition());
        }
        assertEquals(3, Files.readAllLines(dir.resolve(LabelStore.LOG_FILE)).size(), "the log keeps superseded labels");
    }

    private static LabelRecord retraction(String id, String labeler, int second, int retractedSecond) {
        return LabelRecord.retraction(id, labeler, Instant.ofEpochSecond(1_700_000_000L + second),
            LabelRecord.SOURCE_FEEDBACK, "cam-1", Instant.ofEpochSecond(1_700_000_000L + retractedSecond));
    }

    @Test
    void aRetractionTakesBackTheLatestLabelOnlyAndReplaysTheSameWay(@TempDir Path dir) {
        try (LabelStore store = LabelStore.open(dir)) {
            store.append(List.of(label(CAT, "leopard_cat", "ana", 1), label(DEER, "mouse_deer", "ana", 2)));
            store.append(List.of(retraction(CAT, "ana", 3, 1)));
            assertTrue(store.latest(CAT).isEmpty(), "the retracted label no longer counts");
            assertEquals(1, store.labelledImages());
            assertTrue(store.snapshot().records().stream().noneMatch(r -> r.imageId().equals(CAT)));

            store.append(List.of(label(DEER, "sambar", "ben", 4), retraction(DEER, "ana", 5, 2)));
            assertEquals("sambar", store.latest(DEER).orElseThrow().label(), "a later label by another stays");
            store.append(List.of(retraction(DEER, "ana", 6, 4)));
            assertEquals("sambar", store.latest(DEER).orElseThrow().label(), "only its own labeler takes a label back");
        }
        try (LabelStore reopened = LabelStore.open(dir)) {
            assertTrue(reopened.latest(CAT).isEmpty());
            assertEquals("sambar", reopened.latest(DEER).orElseThrow().label());
        }
        assertTrue(LabelStore.readSnapshot(dir).records().stream().noneMatch(r -> r.imageId().equals(CAT)));
    }

    @Test
    void reopeningRebuildsTheIndexFromTheLog(@TempDir Path dir) {
        try (LabelStore store = LabelStore.open(dir)) {
            store.append(List.of(label(CAT, "leopard_cat", "ana", 1), label(DEER, "mouse_deer", "ana", 2),
                label(CAT, "civet", "ben", 3)));
        }
        try (LabelStore reopened = LabelStore.open(dir)) {
            assertEquals("civet", reopened.latest(CAT).orElseThrow().label());
            assertEquals("mouse_deer", reopened.latest(DEER).orElseThrow().label());
            assertEquals(Instant.ofEpochSecond(1_700_000_002L), reopened.latest(DEER).orElseThrow().labeledAt());
            assertEquals(3, reopened.logPosition());
            reopened.append(List.of(label(DEER, "sambar", "cy", 4)));
            assertEquals("sambar", reopened.latest(DEER).orElseThrow().label());
        }
    }

    @Test
    void aTornLastLineFromACrashIsCutOffAndAppendsContinueCleanly(@TempDir Path dir) throws Exception {
        try (LabelStore store = LabelStore.open(dir)) {
            store.append(List.of(label(CAT, "leopard_cat", "ana", 1)));
        }
        Files.writeString(dir.resolve(LabelStore.LOG_FILE), "{\"image_id\":\"" + DEER + "\",\"lab",
            StandardOpenOption.APPEND);

        try (LabelStore store = LabelStore.open(dir)) {
            assertEquals(1, store.labelledImages());
            store.append(List.of(label(DEER, "mouse_deer", "ana", 2)));
        }
        try (LabelStore store = LabelStore.open(dir)) {
            assertEquals("mouse_deer", store.latest(DEER).orElseThrow().label());
            assertEquals(2, store.logPosition());
        }
    }

    @Test
    void onlyOneWriterAtATimeButSnapshotsCanBeReadMeanwhile(@TempDir Path dir) {
        try (LabelStore store = LabelStore.open(dir)) {
            store.append(List.of(label(CAT, "leopard_cat", "ana", 1)));
            IllegalStateException busy = assertThrows(IllegalStateException.class, () -> LabelStore.open(dir));
            assertTrue(busy.getMessage().contains("already open"), busy.getMessage());

            LabelSnapshot readOnly = LabelStore.readSnapshot(dir);
            assertEquals(store.snapshot(), readOnly);
        }
    }

    @Test
    void snapshotIdDependsOnTheLabelsNotOnTheOrderTheyArrived(@TempDir Path dir) {
        LabelSnapshot oneWay = LabelSnapshot.of(List.of(label(CAT, "leopard_cat", "ana", 1),
            label(DEER, "mouse_deer", "ana", 2)), 2);
        LabelSnapshot otherWay = LabelSnapshot.of(List.of(label(DEER, "mouse_deer", "ben", 9),
            label(CAT, "leopard_cat", "ben", 8)), 7);
        LabelSnapshot relabelled = LabelSnapshot.of(List.of(label(CAT, "civet", "ana", 1),
            label(DEER, "mouse_deer", "ana", 2)), 2);

        assertEquals(oneWay.id(), otherWay.id());
        assertNotEquals(oneWay.id(), relabelled.id());
        assertEquals(List.of("leopard_cat", "mouse_deer"), oneWay.labels());
        assertEquals(1, oneWay.classCounts().get("mouse_deer"));
    }
}
