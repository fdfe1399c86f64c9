package org.trapstream.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Type.DURATION;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.PASSWORD;
import static org.trapstream.common.config.ConfigDef.Type.STRING;

/** What a definition composes, parses and shows of its keys (`trapstream config`, `--help`, the README tables). */
class ConfigDefTest {

    @Test
    void documentationNeverPrintsAPasswordDefault() {
        ConfigDef definition = new ConfigDef("g")
            .define("a.password", PASSWORD, "s3cret", HIGH, "A secret.")
            .define("a.name", STRING, "visible", LOW, "Not a secret.");

        String markdown = definition.toMarkdown();

        assertFalse(markdown.contains("s3cret"), markdown);
        assertTrue(markdown.contains(ConfigDef.HIDDEN) && markdown.contains("visible"), markdown);
        assertEquals(ConfigDef.HIDDEN, definition.key("a.password").shownDefault(), "what --help shows");
        assertEquals(new Password("s3cret"), definition.parse(Map.of()).get("a.password"), "the value itself is kept");
    }

    @Test
    void aPasswordShowsNowhereButThroughItsValue() {
        ConfigDef definition = new ConfigDef("g")
            .define("a.password", PASSWORD, "", HIGH, "A secret.")
            .define("a.list", PASSWORD, "", HIGH, "Secrets.");
        TrapstreamConfig config = TrapstreamConfig.of(definition, Map.of("a.password", "s3cret", "a.list", "x:1,y:2"));

        assertEquals("s3cret", config.getPassword("a.password").value());
        assertEquals(ConfigDef.HIDDEN, config.getPassword("a.password").toString());
        assertEquals(List.of("x:1", "y:2"), config.getList("a.list"));
        assertFalse(config.toString().contains("s3cret") || config.toString().contains("x:1"), config.toString());
        assertEquals("s3cret", config.with(Map.of()).getPassword("a.password").value(), "a copy keeps the secret");
    }

    @Test
    void tablesGoPerGroupInTheOrderComposedMostImportantFirst() {
        ConfigDef shared = new ConfigDef("shared").define("s.key", INT, "1", LOW, "Shared.");
        ConfigDef role = new ConfigDef("role")
            .include(shared)
            .define("role.minor", INT, "2", LOW, "Minor.")
            .define("role.major", INT, "3", HIGH, "Major.");

        String markdown = role.toMarkdown();

        assertTrue(markdown.indexOf("### shared") < markdown.indexOf("### role"), markdown);
        assertTrue(markdown.indexOf("`role.major`") < markdown.indexOf("`role.minor`"), markdown);
        assertTrue(markdown.contains("| `role.major` | `TRAPSTREAM_ROLE_MAJOR` | int | `3` | high | Major. |"), markdown);
    }

    @Test
    void aKeyReachedTwiceMustBeTheSameKey() {
        ConfigDef shared = new ConfigDef("shared").define("s.key", INT, "1", LOW, "Shared.");
        ConfigDef one = new ConfigDef("one").include(shared);
        ConfigDef both = new ConfigDef("all").include(one, new ConfigDef("two").include(shared));

        assertEquals(List.of("s.key"), List.copyOf(both.keys().keySet()), "the shared key, composed twice, once");
        assertThrows(IllegalArgumentException.class,
            () -> new ConfigDef("all").include(shared).define("s.key", INT, "2", LOW, "Another."));
    }

    @Test
    void aRenamedKeyCountsForItsNewNameWithAWarningThatNamesIt() {
        ConfigDef definition = new ConfigDef("g")
            .define("role.limit", INT, "1", HIGH, "A limit.")
            .renamed("limit", "role.limit");
        List<String> warnings = new ArrayList<>();

        Map<String, RawValue> renamed = definition.renamedKeys().apply(
            Map.of("limit", new RawValue("5", "configuration file old.properties")), warnings::add);
        Map<String, RawValue> both = definition.renamedKeys().apply(
            Map.of("limit", new RawValue("5", null), "role.limit", new RawValue("6", null)), warnings::add);

        assertEquals("5", renamed.get("role.limit").text());
        assertEquals("6", both.get("role.limit").text(), "the new name wins");
        assertFalse(both.containsKey("limit"));
        assertEquals("Configuration key 'limit' (from configuration file old.properties) is deprecated: use "
            + "'role.limit'", warnings.get(0));
        assertEquals(2, warnings.size());
        assertThrows(ConfigException.class, () -> definition.renamed("other", "role.missing"), "only to a defined key");
    }

    @Test
    void anErrorNamesTheKeyTheProblemAndTheSourceButNeverAPassword() {
        ConfigDef definition = new ConfigDef("g")
            .define("a.count", INT, "1", ConfigDef.Validator.atLeast(1), HIGH, "A count.")
            .define("a.password", PASSWORD, "", (name, value) -> {
                throw new ConfigException(name, value, "is too short");
            }, HIGH, "A secret.");

        ConfigException invalid = assertThrows(ConfigException.class, () -> definition.parseValues(
            Map.of("a.count", new RawValue("0", "environment variable TRAPSTREAM_A_COUNT"))));
        ConfigException secret = assertThrows(ConfigException.class, () -> definition.parse(
            Map.of("a.count", "1", "a.password", "s3cret")));

        assertEquals("Invalid value '0' for configuration key 'a.count' (from environment variable "
            + "TRAPSTREAM_A_COUNT): must be at least 1", invalid.getMessage());
        assertFalse(secret.getMessage().contains("s3cret"), secret.getMessage());
    }

    @Test
    void aDurationBelowItsLeastIsRefused() {
        ConfigDef definition = new ConfigDef("g")
            .define("a.timeout", DURATION, "30s", ConfigDef.Validator.atLeast(Duration.ofSeconds(1)), HIGH, "A timeout.");

        ConfigException invalid = assertThrows(ConfigException.class, () -> definition.parse(
            Map.of("a.timeout", "500ms")));

        assertEquals("Invalid value '500ms' for configuration key 'a.timeout': must be at least 1000ms",
            invalid.getMessage());
        assertEquals(Duration.ofSeconds(1), definition.parse(Map.of("a.timeout", "1s")).get("a.timeout"));
    }
}
