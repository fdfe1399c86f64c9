package org.trapstream.common.contract;

/**
 * How a record of {@link Topics#IMAGES} (and a dead letter) carries its image, named by the
 * {@link ImageHeaders#PAYLOAD} header. Every role mounts the same data dir, whose image store ingest fills
 * before it publishes, so the default is a claim check: the record names the image and Kafka carries a few
 * hundred bytes instead of a second copy of every frame.
 */
public enum ImagePayload {
    /** The record's value is the image. Schema 1 records, which have no payload header, are read as this. */
    INLINE,
    /** The record's value is empty; the image is in the shared image store under the record's image id. */
    STORED,
    /**
     * Dead letters of bodies ingest did not accept (dead letter schema 3): the value is the body's first bytes, at most
     * {@link DeadLetter#KEPT_PREFIX_BYTES}; the key and image id are the SHA-256 of the whole body and
     * {@link ImageHeaders#ORIGINAL_SIZE} its length. Untrusted input is not kept whole on the topic.
     */
    PREFIX;

    public String code() {
        return EnumCodes.of(this);
    }

    public static ImagePayload fromCode(String code) {
        return EnumCodes.parse(ImagePayload.class, code, "image payload");
    }
}
