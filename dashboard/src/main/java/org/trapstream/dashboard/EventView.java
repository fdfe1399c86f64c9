package org.trapstream.dashboard;

import java.util.Optional;

import org.trapstream.common.contract.CaptureEvent;

/**
 * The most recent events by event id, bounded to {@code capacity}: an event published again (same id) replaces its
 * copy. Indexed by image id too, so the review page meets a frame together with its burst; that index is bounded
 * to {@value #FRAMES_INDEXED_PER_EVENT} frames per event kept, and an entry whose event has left the view, or no
 * longer lists the image, is ignored. Written by the feed consumer, read by HTTP handlers on other event loops:
 * methods synchronise.
 */
final class EventView implements ReviewBursts {

    static final int FRAMES_INDEXED_PER_EVENT = 16;

    private final RecentMap<String, CaptureEvent> events;
    private final RecentMap<String, String> eventIdByImage;

    EventView(int capacity) {
        this.events = new RecentMap<>(capacity);
        this.eventIdByImage = new RecentMap<>((int) Math.min(Integer.MAX_VALUE,
            (long) capacity * FRAMES_INDEXED_PER_EVENT));
    }

    synchronized void record(CaptureEvent event) {
        events.put(event.eventId(), event);
        event.frames().forEach(frame -> eventIdByImage.put(frame.imageId(), event.eventId()));
    }

    synchronized Optional<CaptureEvent> event(String eventId) {
        return Optional.ofNullable(events.get(eventId));
    }

    @Override
    public synchronized Optional<CaptureEvent> eventOf(String imageId) {
        String eventId = eventIdByImage.get(imageId);
        return Optional.ofNullable(eventId == null ? null : events.get(eventId))
            .filter(event -> event.frames().stream().anyMatch(frame -> frame.imageId().equals(imageId)));
    }

    synchronized int size() {
        return events.size();
    }
}
