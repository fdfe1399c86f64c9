package org.trapstream.dashboard;

import java.util.Optional;

import org.trapstream.common.contract.CaptureEvent;

/**
 * The most recent events by event id, bounded to {@code capacity}: an event published again (same id) replaces its
 * copy. Written by the feed consumer, read by HTTP handlers on other event loops: methods synchronise.
 */
final class EventView {

    private final RecentMap<String, CaptureEvent> events;

    EventView(int capacity) {
        this.events = new RecentMap<>(capacity);
    }

    synchronized void record(CaptureEvent event) {
        events.put(event.eventId(), event);
    }

    synchronized Optional<CaptureEvent> event(String eventId) {
        return Optional.ofNullable(events.get(eventId));
    }

    synchronized int size() {
        return events.size();
    }
}
