package org.trapstream.common.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretHashTest {

    @Test
    void theStoredFormRoundTripsAndMatchesOnlyItsSecret() {
        String secret = Secrets.generate();
        String stored = SecretHash.of(secret).encoded();

        assertTrue(stored.startsWith("pbkdf2-sha256$600000$"), stored);
        assertFalse(stored.contains(secret));
        SecretHash parsed = SecretHash.parse(stored);
        assertTrue(parsed.matches(secret));
        assertFalse(parsed.matches(secret + "x"));
        assertEquals(stored, parsed.encoded());
        assertNotEquals(stored, SecretHash.of(secret).encoded(), "a fresh salt every time");
    }

    @Test
    void aMalformedOrCheapStoredFormIsRefusedWithoutRepeatingIt() {
        String stored = SecretHash.of(Secrets.generate()).encoded();
        String cheap = stored.replace("$600000$", "$1000$");

        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecretHash.parse("plain-token-value"))
            .getMessage().contains("is not of the form pbkdf2-sha256$ITERATIONS$SALT$HASH"));
        assertEquals("must have from 100000 to 10000000 iterations, not 1000",
            assertThrows(IllegalArgumentException.class, () -> SecretHash.parse(cheap)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SecretHash.parse(stored.substring(0, stored.length() - 4)));
    }

    @Test
    void generatedSecretsCarry128BitsAndGivenOnesMeetTheFloor() {
        String generated = Secrets.generate();
        assertEquals(22, generated.length());
        Secrets.requireStrong(generated);
        Secrets.requireStrong("correct-Horse-battery-staple-9");

        for (String weak : new String[] {"Password123!", "aaaaaaaaaaaaaaaaaaaa", "0123456789012345678"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secrets.requireStrong(weak));
            assertTrue(e.getMessage().startsWith("the secret is too weak"), e.getMessage());
            assertFalse(e.getMessage().contains(weak));
        }
        assertThrows(IllegalArgumentException.class, () -> Secrets.requireStrong("Correct,Horse,Battery,Staple9"));
    }
}
