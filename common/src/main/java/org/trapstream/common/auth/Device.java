package org.trapstream.common.auth;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.trapstream.common.contract.CameraId;

/**
 * A camera, which uploads for its own id only, or a gateway, which uploads for the cameras its patterns match
 * ({@code *} matches any run of characters, e.g. {@code site-a-*}).
 */
public record Device(String name, boolean gateway, List<String> cameraPatterns) implements Principal {

    public Device {
        Principal.requireValidName(name);
        cameraPatterns = List.copyOf(cameraPatterns);
        for (String pattern : cameraPatterns) {
            if (!CameraId.isValid(pattern.replace("*", "x"))) {
                throw new IllegalArgumentException("camera pattern '" + pattern + "' must be a camera id ("
                    + CameraId.RULE + ") in which * stands for any characters");
            }
        }
    }

    public static Device camera(String cameraId) {
        return new Device(cameraId, false, List.of(cameraId));
    }

    public boolean mayUploadFor(String cameraId) {
        return cameraId != null && cameraPatterns.stream().anyMatch(pattern -> glob(pattern).matcher(cameraId).matches());
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
            .collect(Collectors.joining(".*")));
    }
}
