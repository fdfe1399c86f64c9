package org.trapstream.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.store.ImageStore;
import org.trapstream.image.store.StoreRetention;
import org.trapstream.trainer.dataset.LabelImporter;
import org.trapstream.trainer.dataset.Listing;
import org.trapstream.trainer.feedback.FeedbackIntake;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelStore;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images labelled through feedback or an import, with their labels in a real label log, survive the store's
 * retention sweep; images nobody labelled, and those whose feedback was refused, go once they expire.
 */
class LabelledImageRetentionTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration EXPIRED = Duration.ofDays(40);

    @TempDir
    Path dataDir;

    @Test
    void labelledImagesStayAndTheRestGoOnceExpired() throws IOException {
        ImageStore images = new ImageStore(dataDir.resolve("images"));
        String viaFeedback = stored(images, 1);
        String refusedFeedback = stored(images, 2);
        String unlabelled = stored(images, 3);
        Path dataset = dataDir.resolve("dataset");
        Files.createDirectories(dataset.resolve("civet"));
        byte[] importedBytes = TestImages.jpeg(TestImages.noise(4, 64, 48));
        Files.write(dataset.resolve("civet").resolve("one.jpg"), importedBytes);
        String imported = ImageIds.of(importedBytes);

        try (LabelStore labels = LabelStore.open(dataDir.resolve("labels"))) {
            FeedbackIntake intake = new FeedbackIntake(images);
            FeedbackIntake.Outcome accepted = intake.check(feedback(viaFeedback, "moonrat"));
            FeedbackIntake.Outcome refused = intake.check(feedback(refusedFeedback, "not a label!"));
            assertTrue(accepted.isAccepted(), accepted.detail());
            assertFalse(refused.isAccepted());
            labels.append(List.of(accepted.label()));
            new LabelImporter(images, labels, ImageLimits.defaults())
                .importAll(Listing.ofFolders(dataset), "import:" + dataset);
            assertEquals(2, labels.labelledImages());
        }
        age(images, imported);

        StoreRetention.Sweep sweep = new StoreRetention(images,
            new StoreRetention.Policy(Duration.ofDays(30), 0, Duration.ofHours(1)), Clock.fixed(NOW, ZoneOffset.UTC))
            .sweep();

        assertTrue(images.contains(viaFeedback));
        assertTrue(images.contains(imported));
        assertFalse(images.contains(refusedFeedback));
        assertFalse(images.contains(unlabelled));
        assertEquals(2, sweep.sweptImages());
        assertEquals(2, sweep.kept());
    }

    @Test
    void theTrainerKeepsImagesLabelledBeforeKeepMarkersExisted() throws IOException {
        ImageStore images = new ImageStore(dataDir.resolve("images"));
        String labelled = stored(images, 5);
        String unlabelled = stored(images, 6);
        try (LabelStore labels = LabelStore.open(dataDir.resolve("labels"))) {
            labels.append(List.of(new LabelRecord(labelled, "civet", "ana", NOW, LabelRecord.SOURCE_FEEDBACK, null),
                new LabelRecord(ImageIds.of(new byte[] {1}), "civet", "ana", NOW, LabelRecord.SOURCE_FEEDBACK, null)));
            assertFalse(images.isKept(labelled));

            TrainerVerticle.keepLabelledImages(labels, images);
        }

        assertTrue(images.isKept(labelled));
        assertFalse(images.isKept(unlabelled));
        assertFalse(images.isKept(ImageIds.of(new byte[] {1})), "no marker for an image the store lost");
    }

    private static String stored(ImageStore images, long seed) throws IOException {
        byte[] bytes = TestImages.jpeg(TestImages.noise(seed, 64, 48));
        String id = ImageIds.of(bytes);
        images.put(id, bytes);
        age(images, id);
        return id;
    }

    private static void age(ImageStore images, String id) throws IOException {
        Files.setLastModifiedTime(images.pathOf(id), FileTime.from(NOW.minus(EXPIRED)));
    }

    private static byte[] feedback(String imageId, String label) {
        return new Feedback(imageId, label, "ana", NOW, "cam-7").toJson().encode().getBytes(StandardCharsets.UTF_8);
    }
}
