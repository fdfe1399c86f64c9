package org.trapstream.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code trapstream.shared} override: what is there is found, what is not skips with the path looked at. */
class SharedDatasetsTest {

    @TempDir
    Path shared;
    private String before;

    @BeforeEach
    void pointAtATemporarySharedFolder() throws IOException {
        Files.createDirectories(shared.resolve("datasets/bees/train"));
        before = System.setProperty(SharedDatasets.PROPERTY, shared.toString());
    }

    @AfterEach
    void restoreTheProperty() {
        if (before == null) {
            System.clearProperty(SharedDatasets.PROPERTY);
        } else {
            System.setProperty(SharedDatasets.PROPERTY, before);
        }
    }

    @Test
    void findsADatasetOrAFolderInsideIt() {
        assertEquals(Optional.of(shared.resolve("datasets/bees")), SharedDatasets.find("bees"));
        assertEquals(shared.resolve("datasets/bees/train"), SharedDatasets.require("bees/train"));
        assertEquals(Optional.empty(), SharedDatasets.find("wasps"));
    }

    @Test
    void aMissingDatasetSkipsTheTestNamingWhereItLooked() {
        TestAbortedException skipped = assertThrows(TestAbortedException.class, () -> SharedDatasets.require("wasps"));

        assertTrue(skipped.getMessage().contains(shared.resolve("datasets/wasps").toString()), skipped.getMessage());
    }
}
