package org.trapstream.dashboard;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.trapstream.common.contract.CaptureEvent;

/**
 * Reviewing a burst (the frames a camera took of one event) as one item: the event an image belongs to, when the
 * dashboard has read it ({@link EventView}), and the image ids reviewed together with an item.
 */
interface ReviewBursts {

    Optional<CaptureEvent> eventOf(String imageId);

    /** The image ids reviewed together with {@code imageId}, itself first: its event's frames, or itself alone. */
    default List<String> burstOf(String imageId) {
        return eventOf(imageId)
            .map(event -> Stream.concat(Stream.of(imageId), event.frames().stream()
                .map(CaptureEvent.Frame::imageId).filter(id -> !id.equals(imageId))).toList())
            .orElseGet(() -> List.of(imageId));
    }
}
