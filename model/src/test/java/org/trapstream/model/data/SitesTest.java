package org.trapstream.model.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.model.data.DatasetFolders.numbered;

class SitesTest {

    @TempDir
    Path root;

    @Test
    void aLabelsCsvBesideTrainAndTestNamesEachImagesSiteAndTheRestBelongToTheDataset() throws IOException {
        DatasetFolders.files(root, "train/ant", "000.jpg", "001.jpg", "002.jpg");
        DatasetFolders.files(root, "test/ant", "000.jpg");
        Files.writeString(root.resolve("labels.csv"), """
            path,label,location,note
            train/ant/000.jpg,ant,"Des Moines, IA, USA",plain
            train/ant/001.jpg,ant,Saratoga,"a ""quoted"" note, with a comma"
            test/ant/000.jpg,ant,Saratoga,
            """);

        FolderDataset train = FolderDataset.scan(root.resolve("train"));
        FolderDataset test = FolderDataset.scan(root.resolve("test"));

        assertEquals(List.of("Des Moines, IA, USA", "Saratoga", root.getFileName().toString()),
            train.images().stream().map(LabeledImage::site).toList(), "unlisted: the dataset folder's own site");
        assertEquals(List.of("Saratoga"), test.sites());
    }

    @Test
    void csvFieldsFollowRfc4180() {
        assertEquals(List.of("a", "b, c", "say \"hi\"", ""), Sites.fields("a,\"b, c\",\"say \"\"hi\"\"\","));
    }

    @Test
    void aStationColumnNamesTheSiteAndALabelsCsvWithoutOneLeavesOneSite() throws IOException {
        DatasetFolders.files(root, "stations/ant", "000.jpg");
        Files.writeString(root.resolve("stations/labels.csv"), "path,split,station\nant/000.jpg,train,CAM-7\n");
        DatasetFolders.files(root, "plain/ant", "000.jpg");
        Files.writeString(root.resolve("plain/labels.csv"), "path,label\nant/000.jpg,ant\n");

        assertEquals(List.of("CAM-7"), FolderDataset.scan(root.resolve("stations")).sites());
        assertEquals(List.of("plain"), FolderDataset.scan(root.resolve("plain")).sites(), "the dataset folder");
    }

    @Test
    void aSiteSplitNeverPutsOneSiteOnBothSides() throws IOException {
        StringBuilder csv = new StringBuilder("path,location\n");
        for (String label : List.of("ant", "bee")) {
            DatasetFolders.files(root, label, numbered(40));
            for (int i = 0; i < 40; i++) {
                csv.append(String.format("%s/%03d.jpg,site-%d%n", label, i, i % 7));
            }
        }
        Files.writeString(root.resolve("labels.csv"), csv);
        FolderDataset all = FolderDataset.scan(root);

        for (long seed = 0; seed < 20; seed++) {
            FolderDataset.Split split = all.splitBySite(0.2, seed);
            Set<String> heldOut = new HashSet<>(split.heldOut().sites());
            assertTrue(split.rest().sites().stream().noneMatch(heldOut::contains), "seed " + seed + ": " + heldOut);
            assertEquals(80, split.rest().images().size() + split.heldOut().images().size());
            assertTrue(!heldOut.isEmpty() && !split.rest().sites().isEmpty(), "both sides have a site");
            assertTrue(split.heldOut().images().size() <= 2 * 0.2 * 80, "about the share: " + heldOut);
            assertEquals(all.labels(), split.heldOut().labels(), "both keep every label");
        }
        assertEquals(all.splitBySite(0.2, 3), all.splitBySite(0.2, 3), "seeded");
    }

    @Test
    void oneSiteCannotBeSplitBySite() throws IOException {
        DatasetFolders.files(root, "ant", numbered(5));

        assertThrows(IllegalArgumentException.class, () -> FolderDataset.scan(root).splitBySite(0.2, 1));
    }

    @Test
    void aTrainAndTestFolderSplitBySiteIsPooledAndSplitAgainBySite() throws IOException {
        DatasetFolders.files(root, "train/ant", numbered(10));
        DatasetFolders.files(root, "test/ant", numbered(10));
        StringBuilder csv = new StringBuilder("path,location\n");
        for (int i = 0; i < 10; i++) {
            csv.append(String.format("train/ant/%03d.jpg,north%ntest/ant/%03d.jpg,%s%n", i, i, i < 5 ? "north" : "south"));
        }
        Files.writeString(root.resolve("labels.csv"), csv);

        TrainTestSets sets = TrainTestSets.read(root, 1, SplitBy.SITE);

        assertEquals(20, sets.train().images().size() + sets.test().images().size());
        Set<String> testSites = new HashSet<>(sets.test().sites());
        assertTrue(sets.train().sites().stream().noneMatch(testSites::contains), sets.test().sites().toString());
    }
}
