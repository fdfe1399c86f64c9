package org.trapstream.common.contract;

/** Why an image was not accepted or not classified. The code is what goes on the wire. */
public enum RejectReason {
    EMPTY("empty", 400, "the image has no bytes"),
    TOO_LARGE("too_large", 413, "the image is larger than the size limit"),
    UNSUPPORTED_FORMAT("unsupported_format", 415, "the bytes are not an image format Trapstream decodes"),
    CORRUPT("corrupt", 422, "the image data is truncated or corrupt"),
    TOO_SMALL("too_small", 422, "the image is smaller than the minimum side"),
    TOO_MANY_PIXELS("too_many_pixels", 422, "the image header claims more pixels than allowed"),
    MISSING_CAMERA_ID("missing_camera_id", 400, "the camera id is missing or malformed"),
    BAD_CAPTURE_TIME("bad_capture_time", 400, "the capture time is not an ISO-8601 instant"),
    INFERENCE_FAILED("inference_failed", 500, "the model failed on the image"),
    IMAGE_UNAVAILABLE("image_unavailable", 500,
        "the image store did not hold, in full, the image the record refers to");

    private final String code;
    private final int httpStatus;
    private final String summary;

    RejectReason(String code, int httpStatus, String summary) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.summary = summary;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String summary() {
        return summary;
    }

    public static RejectReason fromCode(String code) {
        for (RejectReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("Unknown reject reason: " + code);
    }
}
