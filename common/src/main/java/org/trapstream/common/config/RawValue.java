package org.trapstream.common.config;

/** A value as a source gave it, before parsing: the text and where it came from (null when it does not matter). */
record RawValue(String text, String source) {

    /** Where the value came from, as the end of a message: {@code " (from FILE)"}, or nothing. */
    String origin() {
        return source == null ? "" : " (from " + source + ")";
    }
}
