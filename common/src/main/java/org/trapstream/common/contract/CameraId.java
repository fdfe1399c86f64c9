package org.trapstream.common.contract;

import java.util.regex.Pattern;

/**
 * The one rule for camera ids, applied where an id enters the system (ingest's doors, feedback naming the camera
 * of a labelled image). Ids become message keys, metric tags, file names of exports and log lines, so they are
 * kept short and plain.
 */
public final class CameraId {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The rule in words, for error messages. */
    public static final String RULE = FORMAT.pattern();

    private CameraId() {
    }

    public static boolean isValid(String cameraId) {
        return cameraId != null && FORMAT.matcher(cameraId).matches();
    }
}
