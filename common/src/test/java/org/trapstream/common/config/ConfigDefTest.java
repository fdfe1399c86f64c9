package org.trapstream.common.config;

import java.util.List;
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
        String help = definition.toHelp(List.of("g"));

        for (String text : List.of(markdown, help)) {
            assertFalse(text.contains("s3cret"), text);
            assertTrue(text.contains(ConfigDef.HIDDEN) && text.contains("visible"), text);
        }
        assertEquals("s3cret", definition.parse(Map.of()).get("a.password"), "the value itself is kept");
    }
}
