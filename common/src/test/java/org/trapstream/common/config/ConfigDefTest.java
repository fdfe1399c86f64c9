package org.trapstream.common.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the documentation (`trapstream config`, `--help`, the README table) shows of a key. */
class ConfigDefTest {

    @Test
    void documentationNeverPrintsAPasswordDefault() {
        ConfigDef definition = new ConfigDef()
            .define("a.password", ConfigDef.Type.PASSWORD, "s3cret", "g", "A secret.")
            .define("a.name", ConfigDef.Type.STRING, "visible", "g", "Not a secret.");

        String markdown = definition.toMarkdown();

        assertFalse(markdown.contains("s3cret"), markdown);
        assertTrue(markdown.contains(ConfigDef.HIDDEN) && markdown.contains("visible"), markdown);
        assertEquals(ConfigDef.HIDDEN, definition.key("a.password").shownDefault(), "what --help shows");
        assertEquals("s3cret", definition.parse(Map.of()).get("a.password"), "the value itself is kept");
    }
}
