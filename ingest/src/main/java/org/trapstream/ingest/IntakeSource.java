package org.trapstream.ingest;

import org.trapstream.common.contract.Topics;

/** The two ways an image enters Trapstream. */
enum IntakeSource {
    HTTP("http", "http"),
    KAFKA("kafka", Topics.IMAGES_RAW);

    private final String tag;
    private final String origin;

    IntakeSource(String tag, String origin) {
        this.tag = tag;
        this.origin = origin;
    }

    /** Value of the {@code source} metric tag. */
    String tag() {
        return tag;
    }

    /** What a dead letter names as its source: "http" or the topic the image was read from. */
    String origin() {
        return origin;
    }
}
