package org.trapstream.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.trapstream.common.config.TrapstreamConfig;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's configuration table is the one generated from the definition, so the two cannot drift. */
class ReadmeConfigurationTableTest {

    @Test
    void readmeListsEveryKeyAsDefined() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = TrapstreamConfig.DEFINITION.toMarkdown();
        assertTrue(readme.contains(table),
            "README.md's configuration table differs from the definition: regenerate it with ./trapstream config");
    }
}
