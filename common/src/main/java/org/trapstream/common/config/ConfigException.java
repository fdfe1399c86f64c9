package org.trapstream.common.config;

/** A configuration value that is missing, malformed or out of range; the message says which and why. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String name, Object value, String problem) {
        super("Invalid value '" + value + "' for configuration key '" + name + "': " + problem);
    }
}
