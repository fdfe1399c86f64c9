package org.trapstream.model.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.model.data.DatasetFolders.numbered;

class FolderDatasetTest {

    @TempDir
    Path root;

    @Test
    void labelsAreTheSortedClassFoldersWithImages() throws IOException {
        files("wasp", "a.JPG", "b.jpeg", "c.PNG");
        files("bee", "a.jpg", "b.gif", "c.bmp", ".hidden.jpg", "notes.txt", "README");
        files(".trash", "x.jpg");
        files("empty", "notes.txt");

        FolderDataset dataset = FolderDataset.scan(root);

        assertEquals(List.of("bee", "wasp"), dataset.labels());
        assertEquals(Map.of("bee", 3, "wasp", 3), dataset.countsPerClass());
        assertTrue(dataset.images().stream().noneMatch(i -> i.file().getFileName().toString().startsWith(".")));
    }

    @Test
    void aParentWithTrainAndTestIsEvaluatedOnTest() throws IOException {
        files("train/bee", "1.jpg", "2.jpg");
        files("test/bee", "3.jpg");
        files("test/moth", "4.jpg");

        assertTrue(FolderDataset.hasTrainTestSplit(root));
        FolderDataset test = FolderDataset.evaluationSet(root);

        assertEquals(List.of("bee", "moth"), test.labels());
        assertEquals(2, test.images().size());
    }

    @Test
    void splitsEachClassInTheSameProportion() throws IOException {
        files("bee", numbered(50));
        files("wasp", numbered(10));
        FolderDataset dataset = FolderDataset.scan(root);

        FolderDataset.Split split = dataset.split(0.2, 7);

        assertEquals(Map.of("bee", 10, "wasp", 2), split.heldOut().countsPerClass());
        assertEquals(Map.of("bee", 40, "wasp", 8), split.rest().countsPerClass());
        Set<Path> all = new HashSet<>();
        split.rest().images().forEach(i -> all.add(i.file()));
        split.heldOut().images().forEach(i -> all.add(i.file()));
        assertEquals(60, all.size(), "the parts are disjoint and complete");
        assertEquals(split, dataset.split(0.2, 7), "same seed, same split");
        assertEquals(dataset.labels(), split.heldOut().labels());
    }

    @Test
    void limitsEachClass() throws IOException {
        files("bee", numbered(50));
        files("wasp", numbered(10));

        FolderDataset limited = FolderDataset.scan(root).limitPerClass(20, 1);

        assertEquals(Map.of("bee", 20, "wasp", 10), limited.countsPerClass());
    }

    private void files(String dir, String... names) throws IOException {
        DatasetFolders.files(root, dir, names);
    }
}
