package org.trapstream.common.contract;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Image ids are the SHA-256 of the image bytes in lower-case hex: equal bytes, equal id. */
public final class ImageIds {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");

    public static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    public static boolean isValid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }

    private ImageIds() {
    }
}
