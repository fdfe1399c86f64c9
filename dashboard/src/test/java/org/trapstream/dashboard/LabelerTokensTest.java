package org.trapstream.dashboard;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.trapstream.common.config.ConfigException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabelerTokensTest {

    private final LabelerTokens tokens = LabelerTokens.parse(List.of("alice:tok-a", "bob: tok-b "));

    @Test
    void namesTheLabelerWhoseTokenItIs() {
        assertEquals(Optional.of("alice"), tokens.authenticate("tok-a"));
        assertEquals(Optional.of("bob"), tokens.authenticate("tok-b"));
    }

    @Test
    void refusesUnknownPartialAndMissingTokens() {
        assertEquals(Optional.empty(), tokens.authenticate("tok-"));
        assertEquals(Optional.empty(), tokens.authenticate("tok-a "));
        assertEquals(Optional.empty(), tokens.authenticate("alice"));
        assertEquals(Optional.empty(), tokens.authenticate(""));
        assertEquals(Optional.empty(), tokens.authenticate(null));
    }

    @Test
    void noTokensRefuseEveryone() {
        assertFalse(LabelerTokens.parse(List.of()).authenticate("anything").isPresent());
    }

    @Test
    void aMalformedEntryFailsWithoutRevealingIt() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> LabelerTokens.parse(List.of("alice:tok-a", "secret-without-name")));
        assertEquals("dashboard.labeler.tokens: entry 2 is not of the form name:token", e.getMessage());
        assertThrows(ConfigException.class, () -> LabelerTokens.parse(List.of("carol:")));
        assertThrows(ConfigException.class, () -> LabelerTokens.parse(List.of(":tok")));
    }
}
