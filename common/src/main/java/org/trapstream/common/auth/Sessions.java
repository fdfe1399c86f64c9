package org.trapstream.common.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in browsers: a session id (the cookie's value) names a person, with the CSRF token the page must send
 * back on every request that changes something. Sessions last a fixed time from sign-in and live in this process
 * only (a restart signs everyone out). Bounded: beyond {@code capacity} the oldest session ends, so a flood of
 * sign-ins cannot grow the map. Thread-safe.
 */
public final class Sessions {

    public record Session(String id, Person person, String csrfToken, Instant expiresAt) {
    }

    private final Duration ttl;
    private final Clock clock;
    /** Insertion order: the head is the oldest session. */
    private final Map<String, Session> byId;

    public Sessions(Duration ttl, int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ttl = ttl;
        this.clock = clock;
        this.byId = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
                return size() > capacity;
            }
        };
    }

    public Duration ttl() {
        return ttl;
    }

    public synchronized Session open(Person person) {
        Session session = new Session(Secrets.generate(), person, Secrets.generate(), clock.instant().plus(ttl));
        byId.put(session.id(), session);
        return session;
    }

    /** The live session with this id; an expired one is forgotten on the way. */
    public synchronized Optional<Session> find(String id) {
        Session session = byId.get(id);
        if (session != null && !clock.instant().isBefore(session.expiresAt())) {
            byId.remove(id);
            return Optional.empty();
        }
        return Optional.ofNullable(session);
    }

    public synchronized void close(String id) {
        byId.remove(id);
    }

    public synchronized int size() {
        return byId.size();
    }
}
