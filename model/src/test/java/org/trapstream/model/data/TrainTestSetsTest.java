package org.trapstream.model.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.model.data.DatasetFolders.numbered;

/** The one rule `train` and `tune` read a dataset folder's training and test images by, on real folders. */
class TrainTestSetsTest {

    @TempDir
    Path root;

    @Test
    void trainAndTestFoldersAreTheTwoSets() throws IOException {
        files("train/bee", "1.jpg", "2.jpg", "3.jpg");
        files("train/wasp", "1.jpg", "2.jpg");
        files("test/bee", "4.jpg");
        files("test/moth", "5.jpg");

        TrainTestSets sets = TrainTestSets.read(root, 1);

        assertEquals(root.resolve("train"), sets.train().source());
        assertEquals(Map.of("bee", 3, "wasp", 2), sets.train().countsPerClass());
        assertEquals(root.resolve("test"), sets.test().source());
        assertEquals(List.of("bee", "moth"), sets.test().labels(), "the test set may hold classes train lacks");
        assertEquals(2, sets.test().images().size());
    }

    @Test
    void aPlainFolderHoldsOutAStratifiedFifthAsTheTestSet() throws IOException {
        files("bee", numbered(10));
        files("wasp", numbered(5));

        TrainTestSets sets = TrainTestSets.read(root, 7);

        assertEquals(Map.of("bee", 8, "wasp", 4), sets.train().countsPerClass());
        assertEquals(Map.of("bee", 2, "wasp", 1), sets.test().countsPerClass());
        FolderDataset.Split split = FolderDataset.scan(root).split(0.2, 7);
        assertEquals(new TrainTestSets(split.rest(), split.heldOut(), SplitBy.RANDOM), sets, "the seeded split, the same every time");
    }

    @Test
    void limitsEachClassOfBothSets() throws IOException {
        files("train/bee", numbered(6));
        files("test/bee", numbered(4));

        TrainTestSets limited = TrainTestSets.read(root, 1).limitPerClass(3, 1);

        assertEquals(Map.of("bee", 3), limited.train().countsPerClass());
        assertEquals(Map.of("bee", 3), limited.test().countsPerClass());
    }

    @Test
    void aMissingFolderIsNotADataset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TrainTestSets.read(root.resolve("absent"), 1));

        assertTrue(e.getMessage().startsWith("Not a dataset directory: "), e.getMessage());
    }

    @Test
    void aTrainFolderWithoutATestFolderIsRefused() throws IOException {
        files("train/bee", "1.jpg", "2.jpg");
        files("wasp", "3.jpg");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainTestSets.read(root, 1));

        assertEquals(root + " has a train/ folder but no test/ folder beside it", e.getMessage());
    }

    @Test
    void aFolderWithoutImagesHasNoTrainingImages() throws IOException {
        files("bee", "notes.txt");
        files("test/bee", "1.jpg");

        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
            () -> TrainTestSets.read(root.resolve("bee"), 1));
        Files.createDirectories(root.resolve("train/bee"));
        IllegalArgumentException split = assertThrows(IllegalArgumentException.class, () -> TrainTestSets.read(root, 1));

        assertTrue(plain.getMessage().startsWith("No training images in " + root.resolve("bee") + ": expected"),
            plain.getMessage());
        assertTrue(split.getMessage().startsWith("No training images in " + root.resolve("train") + ": expected"),
            split.getMessage());
    }

    private void files(String dir, String... names) throws IOException {
        DatasetFolders.files(root, dir, names);
    }
}
