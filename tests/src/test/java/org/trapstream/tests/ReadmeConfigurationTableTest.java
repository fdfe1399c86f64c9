package org.trapstream.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.trapstream.launcher.SystemConfig;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's configuration tables are the ones generated from the definitions, so the two cannot drift. */
class ReadmeConfigurationTableTest {

    @Test
    void readmeListsEveryKeyAsDefined() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = SystemConfig.DEFINITION.toMarkdown();
        assertTrue(readme.contains(table),
            "README.md's configuration tables differ from the definitions: regenerate them with ./trapstream config");
    }
}
