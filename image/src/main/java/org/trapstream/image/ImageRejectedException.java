package org.trapstream.image;

import java.util.Objects;

import org.trapstream.common.contract.RejectReason;

/** An image Trapstream will not use, with the wire reason and a detail a camera operator can act on. */
public final class ImageRejectedException extends RuntimeException {

    private final RejectReason reason;
    private final String detail;

    public ImageRejectedException(RejectReason reason, String detail) {
        super(reason.code() + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = detail;
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }
}
