package org.trapstream.common.contract;

import java.util.Arrays;
import java.util.Locale;

/**
 * The code an enum constant is written as in JSON, metric tags and configuration values: its name in lower case,
 * so a constant and its code cannot drift apart.
 */
public final class EnumCodes {

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param what what the code names, for the error message ("class weighting")
     * @throws IllegalArgumentException naming the codes there are when {@code code} is none of them
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String code, String what) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(code)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("Unknown " + what + " '" + code + "': expected one of "
            + Arrays.stream(type.getEnumConstants()).map(EnumCodes::of).toList());
    }

    private EnumCodes() {
    }
}
