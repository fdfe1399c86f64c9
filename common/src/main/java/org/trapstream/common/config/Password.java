package org.trapstream.common.config;

import java.util.Objects;

/**
 * The value of a {@link ConfigDef.Type#PASSWORD} key. Its {@code toString} hides the secret, so a log line, an
 * error message or a printed configuration that holds one shows {@value ConfigDef#HIDDEN} instead; only
 * {@link #value()} gives the secret to the code that needs it.
 */
public final class Password {

    private final String value;

    public Password(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public String value() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Password password && value.equals(password.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return ConfigDef.HIDDEN;
    }
}
