package org.trapstream.common.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionsTest {

    private static final Person ANA = new Person("ana", AccessRole.LABELER);
    private Instant now = Instant.parse("2024-05-01T06:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aSessionLastsItsLifetimeAndNoLonger() {
        Sessions sessions = new Sessions(Duration.ofHours(1), 10, clock);
        Sessions.Session session = sessions.open(ANA);
        assertNotEquals(session.id(), session.csrfToken());
        now = now.plus(Duration.ofMinutes(59));
        assertEquals(ANA, sessions.find(session.id()).orElseThrow().person());
        now = now.plus(Duration.ofMinutes(1));
        assertTrue(sessions.find(session.id()).isEmpty());
        assertEquals(0, sessions.size(), "an expired session is forgotten");
    }

    @Test
    void beyondItsCapacityTheOldestSessionEnds() {
        Sessions sessions = new Sessions(Duration.ofHours(1), 2, clock);
        Sessions.Session first = sessions.open(ANA);
        Sessions.Session second = sessions.open(ANA);
        Sessions.Session third = sessions.open(ANA);
        assertEquals(2, sessions.size());
        assertTrue(sessions.find(first.id()).isEmpty());
        assertTrue(sessions.find(second.id()).isPresent());
        assertTrue(sessions.find(third.id()).isPresent());
        sessions.close(third.id());
        assertTrue(sessions.find(third.id()).isEmpty());
    }
}
