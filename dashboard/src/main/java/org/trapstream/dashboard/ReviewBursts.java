package org.trapstream.dashboard;

import java.util.List;

import org.trapstream.common.contract.Prediction;

/**
 * The hook for reviewing a burst (the frames a camera took of one event) as one item: the image ids reviewed
 * together with an item, the item's own first. Until the dashboard reads the events of a camera, every item is
 * a burst of one: {@link #SINGLE_FRAMES}.
 */
interface ReviewBursts {

    ReviewBursts SINGLE_FRAMES = item -> List.of(item.imageId());

    List<String> burstOf(Prediction item);
}
