package org.trapstream.common.contract;

/** Why an image was not accepted or not classified. The code is what goes on the wire. */
public enum RejectReason {
    EMPTY(400, "the image has no bytes"),
    TOO_LARGE(413, "the image is larger than the size limit"),
    UNSUPPORTED_FORMAT(415, "the bytes are not an image format Trapstream decodes"),
    CORRUPT(422, "the image data is truncated or corrupt"),
    TOO_SMALL(422, "the image is smaller than the minimum side"),
    TOO_MANY_PIXELS(422, "the image header claims more pixels than allowed"),
    MISSING_CAMERA_ID(400, "the camera id is missing or malformed"),
    BAD_CAPTURE_TIME(400, "the capture time is not an ISO-8601 instant"),
    INFERENCE_FAILED(500, "the model failed on the image"),
    IMAGE_UNAVAILABLE(500,
        "the image store did not hold, in full, the image the record refers to");

    private final int httpStatus;
    private final String summary;

    RejectReason(int httpStatus, String summary) {
        this.httpStatus = httpStatus;
        this.summary = summary;
    }

    public String code() {
        return EnumCodes.of(this);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String summary() {
        return summary;
    }

    public static RejectReason fromCode(String code) {
        return EnumCodes.parse(RejectReason.class, code, "reject reason");
    }
}
