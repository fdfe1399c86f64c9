package org.trapstream.common.contract;

import java.util.regex.Pattern;

import org.trapstream.common.io.FileDigests;

/** Image ids are the SHA-256 of the image bytes in lower-case hex: equal bytes, equal id. */
public final class ImageIds {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");

    public static String of(byte[] bytes) {
        return FileDigests.sha256(bytes);
    }

    public static boolean isValid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }

    private ImageIds() {
    }
}
